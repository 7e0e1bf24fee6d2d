// The zhibiao dashboard: draws the release inlined in index.html with the bundled ECharts (SVG renderer).
// After each chart is drawn its container records what it drew (data-rendered, data-series-drawn,
// data-svg-elements), and <body> counts charts drawn, so a headless browser test can check the page.
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('zhibiao-data').textContent);

  const I18N = {
    zh: {
      title: '十四五科技创新指标监测',
      toggle: 'English',
      release: (r, g) => `发布批次 ${r.release_no} · 数据截止 ${r.data_cutoff} · 发布于 ${short(r.published_at)} · 报告生成于 ${short(g)}`,
      latest: y => `最新年度 ${y}`,
      targets: '指标与规划路径',
      targetsNote: '实线为实际值，虚线为规划路径值，◆ 为规划目标；徽标为最新年度的状态。',
      actual: '实际', path: '规划路径', target: '目标',
      card: (t, row) => `${row.year}年 实际 ${t.text.actual} · 路径 ${t.text.path_value} · ${t.target_year}年目标 ${t.text.target}`,
      noDataTargets: n => `另有 ${n} 项目标尚无数据来源（见下表，灰色）：`,
      comparison: y => `县区比较（${y}年）`,
      comparisonNote: '各县区、功能区按最新年度值排序，前为位次；x 为不予公布（保密）；比率指标的竖线为全市值。',
      allZero: n => `另有 ${n} 项指标各县区均为 0，不作排序：`,
      cityValue: '全市',
      composite: (c) => `${c.index_zh}（${c.year}年）`,
      compositeNote: '按 OECD/JRC 方法合成（0–100）；敏感性：等权、替代标准化下的位次及最大位次变动。',
      compositeCols: ['位次', '地区', '得分', '等权位次', '替代标准化位次', '最大位次变动'],
      gap: y => `目标差距表（${y}年）`,
      gapNote: '状态按规划路径的进度比（达标 ≥95%，需加快 ≥60%）；目标年已到而未达到为未实现，区间目标越过另一端为超出区间上限（低于区间下限），基期已达标后回落为滞后；增速比 R = 实际/要求年均增速（Eurostat）；ESCAP 预计按全部可得年份的加权趋势外推到目标年份。x 为不予公布。',
      gapCols: ['目标', '指标', '单位', '基期', '年度', '实际', '目标值', '差距', '完成', '路径值', '状态', '增速比R', 'Eurostat', 'ESCAP预计'],
      withheld: '不予公布',
      notes: [
        '数据：本页全部数字取自发布表 published.target_gap、indicator_values、county_comparison、composite_index（同目录 data.json）。',
        '状态颜色：已实现/达标 绿，需加快 琥珀，滞后/未实现/超出区间上限/低于区间下限 红，无数据 灰，基期 蓝灰。',
        '保密：由少于 3 家企业构成或单一企业占比超过 85% 的单元格不予公布（x），并作连带隐藏。',
        '图表：Apache ECharts（随报告附带，echarts-LICENSE.txt），离线可用。'
      ],
      summary: '状态'
    },
    en: {
      title: '14th Five-Year Plan science & technology indicators',
      toggle: '中文',
      release: (r, g) => `Release ${r.release_no} · data cut-off ${r.data_cutoff} · published ${short(r.published_at)} · report generated ${short(g)}`,
      latest: y => `latest year ${y}`,
      targets: 'Indicators against their target paths',
      targetsNote: 'Solid line: actual; dashed: the plan\'s path; ◆ the plan target; badge: status in the latest year.',
      actual: 'Actual', path: 'Target path', target: 'Target',
      card: (t, row) => `${row.year} actual ${t.text.actual} · path ${t.text.path_value} · target ${t.target_year} ${t.text.target}`,
      noDataTargets: n => `${n} more targets have no data source yet (grey in the table below):`,
      comparison: y => `Counties compared (${y})`,
      comparisonNote: 'Counties, districts and zones by their latest value, rank first; x: withheld (confidential); for ratios the vertical line is the city value.',
      allZero: n => `${n} more indicators are 0 in every unit, not ranked:`,
      cityValue: 'city',
      composite: (c) => `${c.index_en} (${c.year})`,
      compositeNote: 'Built along the OECD/JRC handbook (0–100); sensitivity: ranks with equal weights and another normalisation, largest rank shift.',
      compositeCols: ['Rank', 'Region', 'Score', 'Rank, equal weights', 'Rank, other normalisation', 'Largest rank shift'],
      gap: y => `Target-gap table (${y})`,
      gapNote: 'Status from progress along the plan\'s path (on track ≥ 95 %, needs acceleration ≥ 60 %); target missed once the target year has come without it; above/below range outside a range target; off track when a target the base year met is lost; R = actual / required annual growth (Eurostat); ESCAP: time-weighted trend of every available year projected to the target year. x: withheld.',
      gapCols: ['Target', 'Indicator', 'Unit', 'Base', 'Year', 'Actual', 'Target', 'Gap', 'Achieved', 'Path', 'Status', 'Growth ratio R', 'Eurostat', 'ESCAP anticipated'],
      withheld: 'withheld',
      notes: [
        'Data: every figure on this page comes from the published tables published.target_gap, indicator_values, county_comparison and composite_index (also in data.json beside this page).',
        'Status colours: achieved / on track green, needs acceleration amber, off track / target missed / above or below range red, no data grey, base year blue-grey.',
        'Confidentiality: cells built from fewer than 3 enterprises or with one above 85 % are withheld (x), with secondary suppression.',
        'Charts: Apache ECharts, shipped with the report (echarts-LICENSE.txt); works offline.'
      ],
      summary: 'Status'
    }
  };

  // 约束性 of a target as the plans word it.
  const STRENGTH_EN = { '确保': 'binding', '力争': 'strive for', '预期': 'expected' };

  const COLORS = { actual: '#1f5fa8', path: '#8a8f98', target: '#c0392b', bar: '#4a7fb5', withheld: '#b9bec6' };

  let lang = /[?&]lang=en\b/.test(location.search) ? 'en' : 'zh';
  let charts = [];

  function short(ts) {
    return ts ? String(ts).replace('T', ' ').substring(0, 16) : '—';
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, String(v));
      else e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  const zh = () => lang === 'zh';
  const name = o => zh() ? o.indicator_zh : (o.indicator_en || o.indicator_zh);
  const unit = o => zh() ? o.unit : (o.unit_en || o.unit);
  const statusText = (row, prefix) => row[prefix + (zh() ? '_zh' : '_en')] || row[prefix] || '—';
  const raw = v => (v === null || v === undefined) ? null : String(v);
  const valueOf = d => (d !== null && typeof d === 'object') ? (Array.isArray(d) ? d[1] : d.value) : d;

  function badge(kind, code, text) {
    return el('span', { class: `badge ${kind}-${code || 'none'}` }, text);
  }

  // ------------------------------------------------------------------ charts

  function draw(container, option) {
    const chart = echarts.init(container, null, { renderer: 'svg' });
    charts.push(chart);
    let marked = false;
    const mark = () => {
      if (marked) return;
      marked = true;
      const svg = container.querySelector('svg');
      const drawn = svg ? svg.querySelectorAll('path, rect, circle, text').length : 0;
      const series = option.series.filter(s => (s.data || []).some(d => valueOf(d) !== null && valueOf(d) !== undefined));
      container.setAttribute('data-svg-elements', drawn);
      container.setAttribute('data-series-drawn', series.length);
      container.setAttribute('data-series-total', option.series.length);
      container.setAttribute('data-series-names', series.map(s => s.name || '').join('|'));
      container.setAttribute('data-rendered', String(drawn > 0 && series.length > 0));
      countCharts();
    };
    chart.on('finished', mark);
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option));
    mark();
    return chart;
  }

  function countCharts() {
    const all = document.querySelectorAll('.chart');
    const done = document.querySelectorAll('.chart[data-rendered="true"]');
    document.body.setAttribute('data-charts-total', all.length);
    document.body.setAttribute('data-charts-rendered', done.length);
    document.body.setAttribute('data-page-height', document.documentElement.scrollHeight);
  }

  function targetChart(container, t) {
    const T = I18N[lang];
    const years = t.series.map(p => String(p.year));
    const targetYear = String(t.target_year);
    if (!years.includes(targetYear)) years.push(targetYear);
    const at = y => t.series.find(p => String(p.year) === y);
    const actual = years.map(y => { const p = at(y); return p && p.actual !== null && p.actual !== undefined ? p.actual : null; });
    const path = years.map(y => { const p = at(y); return p && p.path_value !== null && p.path_value !== undefined ? p.path_value : null; });
    const goal = [[targetYear, t.target_value]];
    if (t.target_max !== null && t.target_max !== undefined) goal.push([targetYear, t.target_max]);
    const withheldYears = t.series.filter(p => p.withheld).map(p => String(p.year));
    draw(container, {
      grid: { left: 52, right: 18, top: 30, bottom: 26 },
      legend: { top: 0, right: 4, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10 },
        data: [T.actual, T.path, T.target] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: years, boundaryGap: false, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', scale: true, name: unit(t), nameTextStyle: { fontSize: 10, align: 'left' },
        axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#eceef1' } } },
      series: [
        { name: T.actual, type: 'line', data: actual, color: COLORS.actual, symbol: 'circle', symbolSize: 5,
          lineStyle: { width: 2 },
          markPoint: withheldYears.length ? { symbol: 'pin', symbolSize: 24, itemStyle: { color: COLORS.withheld },
            label: { formatter: 'x', color: '#1d2430' },
            data: withheldYears.map(y => ({ coord: [y, path[years.indexOf(y)]], value: 'x' })) } : undefined },
        { name: T.path, type: 'line', data: path, color: COLORS.path, symbol: 'none', lineStyle: { type: 'dashed', width: 1.5 } },
        { name: T.target, type: 'scatter', data: goal, color: COLORS.target, symbol: 'diamond', symbolSize: 11,
          label: { show: true, position: 'left', fontSize: 10, formatter: () => t.text.target } }
      ]
    });
  }

  function comparisonChart(container, c) {
    const T = I18N[lang];
    const labels = c.units.map(u => `${u.rank === null || u.rank === undefined ? '–' : u.rank}  ${u.region_name}`);
    const data = c.units.map(u => u.withheld
      ? { value: 0, itemStyle: { color: COLORS.withheld }, label: { formatter: 'x' } }
      : { value: u.value, label: { formatter: u.text } });
    draw(container, {
      grid: { left: 112, right: 46, top: c.ratio ? 18 : 6, bottom: 22 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { fontSize: 9 }, splitLine: { lineStyle: { color: '#eceef1' } } },
      yAxis: { type: 'category', inverse: true, data: labels, axisTick: { show: false },
        axisLabel: { fontSize: 10, width: 104, overflow: 'truncate' } },
      series: [{ type: 'bar', data, color: COLORS.bar, barMaxWidth: 12,
        label: { show: true, position: 'right', fontSize: 9 },
        markLine: c.ratio && c.city_value !== null ? { symbol: 'none', silent: true,
          lineStyle: { color: COLORS.target, type: 'solid' },
          label: { formatter: `${T.cityValue} ${c.city_text}`, fontSize: 9, position: 'start', color: COLORS.target },
          data: [{ xAxis: c.city_value }] } : undefined }]
    });
  }

  function compositeChart(container, c) {
    const units = c.units.filter(u => u.score !== null && u.score !== undefined);
    draw(container, {
      grid: { left: 132, right: 40, top: 6, bottom: 22 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', max: 100, axisLabel: { fontSize: 9 }, splitLine: { lineStyle: { color: '#eceef1' } } },
      yAxis: { type: 'category', inverse: true, data: units.map(u => `${u.rank}  ${u.region_name}`),
        axisLabel: { fontSize: 10, width: 124, overflow: 'truncate' } },
      series: [{ type: 'bar', data: units.map(u => ({ value: u.score, label: { formatter: u.text } })), color: '#2e8b57',
        barMaxWidth: 12, label: { show: true, position: 'right', fontSize: 9 } }]
    });
  }

  // ------------------------------------------------------------------ sections

  function citySection(city) {
    const T = I18N[lang];
    const withData = city.targets.filter(t => t.has_data);
    const noData = city.targets.filter(t => !t.has_data);
    const counts = {};
    city.targets.forEach(t => { counts[t.latest.status] = counts[t.latest.status] || { n: 0, row: t.latest }; counts[t.latest.status].n++; });
    const order = ['achieved', 'on_track', 'needs_acceleration', 'off_track', 'above_range', 'below_range', 'missed',
      'base_year', 'no_data'];

    const section = el('section', { class: 'city', id: `city-${city.code}`, 'data-city': city.code },
      el('h2', {}, `${city.name}`, el('span', { class: 'code' }, ` ${city.code}`),
        el('span', { class: 'sub' }, ` · ${T.latest(city.latest_year)}`)),
      el('div', { class: 'summary' }, el('span', { class: 'summary-label' }, T.summary),
        order.filter(s => counts[s]).map(s => el('span', { class: `chip st-${s}`, 'data-status': s },
          `${statusText(counts[s].row, 'status')} ${counts[s].n}`))));

    section.appendChild(el('h3', {}, T.targets));
    section.appendChild(el('p', { class: 'note' }, T.targetsNote));
    const grid = el('div', { class: 'grid targets' });
    section.appendChild(grid);
    const pending = [];
    for (const t of withData) {
      const chart = el('div', { class: 'chart chart-target', 'data-target': t.target_id });
      grid.appendChild(el('div', { class: 'card' },
        el('div', { class: 'card-head' }, badge('st', t.latest.status, statusText(t.latest, 'status')),
          el('span', { class: 'card-title' }, name(t)), el('span', { class: 'card-id' }, t.target_id)),
        chart,
        el('div', { class: 'card-foot' }, T.card(t, t.latest))));
      pending.push(() => targetChart(chart, t));
    }
    if (noData.length) {
      section.appendChild(el('p', { class: 'note nodata' }, T.noDataTargets(noData.length), ' ',
        noData.map(t => `${t.target_id} ${name(t)}`).join('；')));
    }

    if (city.comparison.length) {
      section.appendChild(el('h3', {}, T.comparison(city.latest_year)));
      section.appendChild(el('p', { class: 'note' }, T.comparisonNote));
      const cg = el('div', { class: 'grid comparison' });
      section.appendChild(cg);
      const zeros = city.comparison.filter(c => c.all_zero);
      if (zeros.length) {
        section.appendChild(el('p', { class: 'note nodata' }, T.allZero(zeros.length), ' ', zeros.map(name).join('；')));
      }
      for (const c of city.comparison.filter(c => !c.all_zero)) {
        const chart = el('div', { class: 'chart chart-comparison', 'data-indicator': c.indicator_id,
          style: `height:${(c.ratio ? 46 : 34) + 17 * c.units.length}px` });
        cg.appendChild(el('div', { class: 'card' },
          el('div', { class: 'card-head' }, el('span', { class: 'card-title' }, name(c)),
            el('span', { class: 'card-id' }, unit(c) || '')), chart));
        pending.push(() => comparisonChart(chart, c));
      }
    }

    if (city.composite) {
      const c = city.composite;
      section.appendChild(el('h3', {}, T.composite(c)));
      section.appendChild(el('p', { class: 'note' }, T.compositeNote));
      const chart = el('div', { class: 'chart chart-composite', 'data-index': c.index_id,
        style: `height:${34 + 17 * c.units.length}px` });
      const table = el('table', { class: 'composite' },
        el('thead', {}, el('tr', {}, T.compositeCols.map(h => el('th', {}, h)))),
        el('tbody', {}, c.units.map(u => el('tr', { 'data-region': u.region_code },
          el('td', { class: 'num' }, u.rank ?? '—'), el('td', {}, u.region_name),
          el('td', { class: 'num', 'data-col': 'score', 'data-v': raw(u.score) }, u.text),
          el('td', { class: 'num' }, u.rank_equal_weights ?? '—'), el('td', { class: 'num' }, u.rank_alternative ?? '—'),
          el('td', { class: 'num' }, u.max_rank_shift ?? '—')))));
      section.appendChild(el('div', { class: 'composite-row' }, el('div', { class: 'card wide' }, chart), table));
      pending.push(() => compositeChart(chart, c));
    }

    section.appendChild(el('h3', {}, T.gap(city.latest_year)));
    section.appendChild(el('p', { class: 'note' }, T.gapNote));
    section.appendChild(gapTable(city));
    return { section, pending };
  }

  function gapTable(city) {
    const T = I18N[lang];
    const cell = (col, v, text, cls) => el('td', { class: cls || 'num', 'data-col': col, 'data-v': raw(v) }, text);
    const rows = city.targets.map(t => {
      const r = t.latest;
      return el('tr', { 'data-target': t.target_id, 'data-year': r.year, 'data-status': r.status,
          class: r.withheld ? 'withheld' : null },
        el('td', { class: 'id' }, t.target_id),
        el('td', { class: 'name', title: t.target_text || '' }, name(t), t.strength ? el('span', { class: 'strength' }, ` ${zh() ? t.strength : (STRENGTH_EN[t.strength] || t.strength)}`) : null),
        el('td', {}, unit(t) || ''),
        cell('base', t.base_value, t.text.base),
        el('td', { class: 'num' }, r.year),
        cell('actual', r.actual, t.text.actual, r.withheld ? 'num x' : 'num'),
        cell('target', t.target_value, `${t.target_year}: ${t.text.target}`),
        cell('gap', r.gap, t.text.gap),
        cell('achieved_share', r.achieved_share, t.text.achieved_share),
        cell('path_value', r.path_value, t.text.path_value),
        el('td', { 'data-col': 'status', 'data-v': r.status }, badge('st', r.status, statusText(r, 'status'))),
        cell('growth_ratio', r.growth_ratio, t.text.growth_ratio),
        el('td', { 'data-col': 'eurostat_status', 'data-v': r.eurostat_status }, r.eurostat_status ? badge('es', r.eurostat_status, statusText(r, 'eurostat_status')) : '—'),
        el('td', { 'data-col': 'escap_status', 'data-v': r.escap_status }, r.escap_status ? badge('ap', r.escap_status, statusText(r, 'escap_status')) : '—'));
    });
    return el('div', { class: 'table-wrap' }, el('table', { class: 'gap', 'data-city': city.code },
      el('thead', {}, el('tr', {}, T.gapCols.map(h => el('th', {}, h)))), el('tbody', {}, rows)));
  }

  // ------------------------------------------------------------------ page

  function render() {
    const T = I18N[lang];
    charts.forEach(c => c.dispose());
    charts = [];
    document.documentElement.lang = zh() ? 'zh-CN' : 'en';
    document.body.setAttribute('data-lang', lang);
    document.title = `${T.title} · zhibiao`;
    document.getElementById('title').textContent = T.title;
    document.getElementById('lang-toggle').textContent = T.toggle;
    document.getElementById('release').textContent = T.release(DATA.release, DATA.generated_at);
    const nav = document.getElementById('cities');
    nav.replaceChildren(...DATA.cities.map(c => el('a', { href: `#city-${c.code}` }, `${c.name} ${c.code}`)));
    const main = document.getElementById('main');
    main.replaceChildren();
    const pending = [];
    for (const city of DATA.cities) {
      const s = citySection(city);
      main.appendChild(s.section);
      pending.push(...s.pending);
    }
    document.getElementById('notes').replaceChildren(el('ul', {}, T.notes.map(n => el('li', {}, n))));
    // Charts after layout, so each container has its size.
    pending.forEach(f => f());
    countCharts();
  }

  document.getElementById('lang-toggle').addEventListener('click', () => {
    lang = zh() ? 'en' : 'zh';
    render();
  });
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  render();
})();
