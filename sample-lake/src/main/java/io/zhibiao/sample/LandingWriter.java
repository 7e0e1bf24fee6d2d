package io.zhibiao.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the world as the departments deliver it: landing/&lt;source&gt;/&lt;year&gt;/&lt;file&gt;.csv, with each
 * department's headers, units and habits (the tax bureau's export is GBK with CRLF line ends).
 */
final class LandingWriter {

    /** One file written: where, how many data rows. */
    record Written(Path path, long rows) {
    }

    private static final Charset GBK = Charset.forName("GBK");

    private final SampleWorld w;
    private final Path landing;
    private final List<Written> written = new ArrayList<>();

    LandingWriter(SampleWorld world, Path landing) {
        this.w = world;
        this.landing = landing;
    }

    List<Written> writeAll() throws IOException {
        writeRegions();
        for (int y = w.firstYear; y <= w.lastYear; y++) {
            writeCountyStats(y);
            writeRegister(y);
            writeTax(y);
            writeSurvey(y);
            writeCertificates(y);
            writeTechSme(y);
            writeAnnouncements(y);
            writePlatforms(y);
            writeContracts(y);
            writePatents(y);
            writePatentStatus(y);
            writeDesignations(y);
            writeIncubatorStats(y);
        }
        return written;
    }

    /**
     * A file name: {@code <stem>_<year>.csv}, or {@code <stem>_<tag>_<year>.csv} for a tagged city, so that
     * cities sharing a lake never collide in one landing/&lt;source&gt;/&lt;year&gt;/ folder.
     */
    private String file(String stem, int year) {
        String tag = w.profile.tag();
        return stem + "_" + (tag == null ? "" : tag + "_") + year + ".csv";
    }

    // ---------------------------------------------------------------- CSV

    private final class Csv implements AutoCloseable {
        private final Writer out;
        private final String eol;
        private final Path path;
        private long rows;

        Csv(String source, int year, String file, Charset cs, String eol, String... header) throws IOException {
            this.path = landing.resolve(source).resolve(String.valueOf(year)).resolve(file);
            Files.createDirectories(path.getParent());
            this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), cs), 1 << 16);
            this.eol = eol;
            line((Object[]) header);
            rows = 0;
        }

        void line(Object... fields) throws IOException {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(fields[i]));
            }
            out.write(eol);
            rows++;
        }

        @Override
        public void close() throws IOException {
            out.close();
            written.add(new Written(path, rows));
        }
    }

    static String quote(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Cents as a decimal with two places. */
    static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private static String yesNo(boolean b) {
        return b ? "是" : "否";
    }

    private static String date(LocalDate d) {
        return d == null ? null : d.toString();
    }

    // ---------------------------------------------------------------- sources

    /** The region list twice: as known in the first year, and after the boundary change. */
    private void writeRegions() throws IOException {
        int changeYear = w.change.getYear();
        for (int year : new int[] {w.firstYear, changeYear}) {
            LocalDate asOf = LocalDate.of(year, 12, 31);
            try (Csv c = new Csv("regions", year, file("xzqh", year), StandardCharsets.UTF_8, "\n",
                    "区划代码", "区划名称", "区划类型", "上级区划代码", "启用日期", "停用日期", "承继区划代码", "所在县区代码")) {
                for (CityProfile.Region r : w.profile.regions()) {
                    if (r.validFrom().isAfter(asOf)) {
                        continue;
                    }
                    boolean ended = r.validTo() != null && !r.validTo().isAfter(asOf);
                    String host = r.host();
                    if (host != null && w.profile.region(host).validFrom().isAfter(asOf)) {
                        host = null;
                    }
                    c.line(r.code(), r.name(), r.kind(), r.parent(), r.from(), ended ? r.to() : null,
                            ended ? r.successor() : null, host);
                }
            }
        }
    }

    private void writeCountyStats(int y) throws IOException {
        try (Csv c = new Csv("county_stats", y, file("county_stats", y), StandardCharsets.UTF_8, "\n",
                "区划代码", "统计年度", "地区生产总值（万元）", "年末常住人口（人）", "规模以上工业增加值（万元）",
                "高新技术产业增加值（万元）", "财政科学技术支出（万元）")) {
            for (SampleWorld.CountyStat s : w.countyStats) {
                if (s.year() == y) {
                    c.line(s.region(), y, s.gdpWan(), s.population(), s.industryWan(), s.hightechWan(), s.fiscalWan());
                }
            }
        }
    }

    /** The first year's file is the full register; later files hold the year's registrations and closures. */
    private void writeRegister(int y) throws IOException {
        try (Csv c = new Csv("enterprise_register", y, file("register", y), StandardCharsets.UTF_8, "\n",
                "统一社会信用代码", "企业名称", "住所所在行政区划代码", "行业代码", "成立日期", "注销日期", "企业规模", "登记状态")) {
            for (SampleWorld.Firm f : w.firms) {
                int reg = f.registered.getYear();
                boolean newHere = reg == y || (y == w.firstYear && reg < y);
                boolean closedHere = f.cancelled != null && f.cancelled.getYear() == y;
                if (!newHere && !closedHere) {
                    continue;
                }
                boolean closed = f.cancelled != null && f.cancelled.getYear() <= y;
                c.line(f.creditCode, f.name, f.registeredCode(), f.industry, date(f.registered),
                        closed ? date(f.cancelled) : null, f.size, closed ? f.endStatus : "存续");
            }
        }
    }

    private void writeTax(int y) throws IOException {
        Rng r = w.rng("tax-" + y);
        Set<Integer> hte = w.hteHolders(y);
        Set<Integer> sme = w.techSmeIds(y);
        try (Csv c = new Csv("tax_returns", y, file("cit_annual", y), GBK, "\r\n",
                "纳税人识别号", "纳税人名称", "所属年度", "营业收入", "研发费用", "研发费用加计扣除额", "适用高新技术企业15%税率")) {
            for (SampleWorld.Firm f : w.firms) {
                if (!f.activeIn(y) || f.registered.isAfter(LocalDate.of(y, 12, 1))) {
                    continue;
                }
                long revenue = Math.round(f.sales(y) * 1_000_000 * r.uniform(0.9, 1.1));
                double rate;
                if (hte.contains(f.id)) {
                    rate = r.uniform(0.03, 0.07);
                } else if (sme.contains(f.id)) {
                    rate = r.uniform(0.02, 0.06);
                } else {
                    rate = r.chance(0.08) ? r.uniform(0.005, 0.03) : 0;
                }
                long rd = Math.round(revenue * rate);
                double deduction = y <= 2017 ? 0.5 : y <= 2020 ? 0.75 : y <= 2022 && !f.industry.startsWith("C") ? 0.75 : 1.0;
                long super_ = Math.round(rd * deduction);
                c.line(f.creditCode, f.name, y, money(revenue), money(rd), money(super_), yesNo(hte.contains(f.id)));
            }
        }
    }

    private void writeSurvey(int y) throws IOException {
        try (Csv c = new Csv("rd_survey", y, file("rd_survey", y), StandardCharsets.UTF_8, "\n",
                "统一社会信用代码", "单位详细名称", "执行主体", "所在地区代码", "调查年度", "R&D经费内部支出（千元）",
                "R&D人员折合全时当量（人年）")) {
            for (SampleWorld.Survey s : w.surveys) {
                if (s.year() == y) {
                    c.line(s.creditCode(), s.unitName(), s.performer(), s.region(), y, s.thousandYuan(),
                            s.fte().toPlainString());
                }
            }
        }
    }

    /** Certificates issued in the year and revocations of earlier ones; the first file also the two years before. */
    private void writeCertificates(int y) throws IOException {
        try (Csv c = new Csv("hte_certificates", y, file("hte_certificates", y), StandardCharsets.UTF_8, "\n",
                "证书编号", "统一社会信用代码", "企业名称", "发证日期", "有效期（年）", "撤销日期")) {
            for (SampleWorld.Certificate cert : w.certificates) {
                int issued = cert.issued.getYear();
                boolean issuedHere = issued == y || (y == w.firstYear && issued >= y - 2 && issued < y);
                boolean revokedHere = cert.revoked != null && cert.revoked.getYear() == y && issued < y
                        && !(y == w.firstYear && issued >= y - 2);
                if (!issuedHere && !revokedHere) {
                    continue;
                }
                boolean revoked = cert.revoked != null && cert.revoked.getYear() <= y;
                c.line(cert.number, cert.firm.creditCode, cert.firm.name, date(cert.issued), 3,
                        revoked ? date(cert.revoked) : null);
            }
        }
    }

    private void writeTechSme(int y) throws IOException {
        if (w.techSmes.stream().noneMatch(t -> t.year() == y)) {
            return;
        }
        try (Csv c = new Csv("tech_sme", y, file("tech_sme", y), StandardCharsets.UTF_8, "\n",
                "入库登记编号", "统一社会信用代码", "企业名称", "入库年度", "入库批次", "入库日期", "职工总数（人）",
                "年销售收入（万元）", "资产总额（万元）", "评价得分")) {
            for (SampleWorld.TechSme t : w.techSmes) {
                if (t.year() == y) {
                    c.line(t.registrationNo(), t.firm().creditCode, t.firm().name, y, t.batch(), date(t.entered()),
                            t.employees(), t.salesWan(), t.assetsWan(), t.score());
                }
            }
        }
    }

    private void writeAnnouncements(int y) throws IOException {
        if (w.announcements.stream().noneMatch(a -> a.announced().getYear() == y)) {
            return;
        }
        try (Csv c = new Csv("sme_announcements", y, file("sme_announcements", y), StandardCharsets.UTF_8, "\n",
                "公告类型", "公告级别", "统一社会信用代码", "企业名称", "公告日期", "公告批次", "有效期至")) {
            for (SampleWorld.Announcement a : w.announcements) {
                if (a.announced().getYear() == y) {
                    c.line(a.designation(), a.level(), a.firm().creditCode, a.firm().name, date(a.announced()), a.batch(),
                            date(a.validUntil()));
                }
            }
        }
    }

    /**
     * Platforms recognised in the year, and earlier ones whose record changed (revoked, or made 省重大);
     * the first file is the full registry of platforms still active.
     */
    private void writePlatforms(int y) throws IOException {
        try (Csv c = new Csv("platforms", y, file("platforms", y), StandardCharsets.UTF_8, "\n",
                "平台编号", "平台名称", "平台类别", "平台子类", "级别", "省重大", "依托单位", "依托单位统一社会信用代码",
                "所在区划代码", "认定日期", "撤销日期")) {
            for (SampleWorld.Platform p : w.platforms) {
                int rec = p.recognised.getYear();
                boolean initial = y == w.firstYear && rec < y && (p.revoked == null || p.revoked.getYear() >= y);
                boolean changed = rec < y && !initial && ((p.revoked != null && p.revoked.getYear() == y)
                        || p.majorFromYear == y);
                if (rec != y && !initial && !changed) {
                    continue;
                }
                boolean revoked = p.revoked != null && p.revoked.getYear() <= y;
                c.line(p.id, p.name, p.category, p.subcategory, p.level, yesNo(p.major && p.majorFromYear <= y),
                        p.hostName, p.hostCode, p.regionCode, date(p.recognised), revoked ? date(p.revoked) : null);
            }
        }
    }

    private void writeContracts(int y) throws IOException {
        try (Csv c = new Csv("tech_contracts", y, file("tech_contracts", y), StandardCharsets.UTF_8, "\n",
                "合同登记号", "合同类型", "卖方名称", "卖方统一社会信用代码", "卖方所在区划代码", "买方名称", "买方所在区划代码",
                "合同成交金额（元）", "技术交易额（元）", "登记日期")) {
            for (SampleWorld.Contract k : w.contracts) {
                if (k.registered().getYear() == y) {
                    c.line(k.number(), k.type(), k.sellerName(), k.sellerCode(), k.sellerRegion(), k.buyerName(),
                            k.buyerRegion(), money(k.cents()), money(k.technologyCents()), date(k.registered()));
                }
            }
        }
    }

    /** Grants of the year; the first file also every earlier grant still in force. */
    private void writePatents(int y) throws IOException {
        try (Csv c = new Csv("patents", y, file("patents", y), StandardCharsets.UTF_8, "\n",
                "专利号", "专利类型", "专利名称", "申请日", "授权公告日", "申请人（专利权人）", "第一专利权人统一社会信用代码",
                "第一专利权人地址区划代码", "属于战略性新兴产业", "有海外同族专利", "实现较高质押融资金额", "获国家科学技术奖或中国专利奖")) {
            for (SampleWorld.Patent p : w.patents) {
                int g = p.granted.getYear();
                if (g == y || (y == w.firstYear && g < y)) {
                    c.line(p.number, p.type, p.title, date(p.filed), date(p.granted), p.applicants, p.firstApplicantCode,
                            p.region, yesNo(p.strategicEmerging), yesNo(p.overseasFamily), yesNo(p.highPledge),
                            yesNo(p.award));
                }
            }
        }
    }

    /** Every granted patent in force at the start of the year, with its status at the year's end. */
    private void writePatentStatus(int y) throws IOException {
        try (Csv c = new Csv("patent_status", y, file("patent_status", y), StandardCharsets.UTF_8, "\n",
                "专利号", "年度", "年末法律状态")) {
            for (SampleWorld.Patent p : w.patents) {
                if (p.granted.getYear() <= y && p.endYear >= y) {
                    c.line(p.number, y, p.endYear == y ? p.endStatus : "有效");
                }
            }
        }
    }

    /** The year's additions to the municipal designation lists (科技创新龙头企业, 科技小巨人（培育）企业). */
    private void writeDesignations(int y) throws IOException {
        if (w.designations.stream().noneMatch(d -> d.designated().getYear() == y)) {
            return;
        }
        try (Csv c = new Csv("tech_designations", y, file("tech_designations", y), StandardCharsets.UTF_8, "\n",
                "认定类型", "统一社会信用代码", "企业名称", "所在区划代码", "认定日期", "认定批次", "撤销日期")) {
            for (SampleWorld.Designation d : w.designations) {
                if (d.designated().getYear() == y) {
                    c.line(d.designation(), d.firm().creditCode, d.firm().name, d.region(), date(d.designated()), d.batch(),
                            null);
                }
            }
        }
    }

    /** Every incubator active at year end: floor area (万平方米) and firms in incubation. */
    private void writeIncubatorStats(int y) throws IOException {
        if (w.incubatorStats.stream().noneMatch(s -> s.year() == y)) {
            return;
        }
        try (Csv c = new Csv("incubator_stats", y, file("incubator_stats", y), StandardCharsets.UTF_8, "\n",
                "平台编号", "孵化载体名称", "所在区划代码", "统计年度", "在孵场地面积（万平方米）", "在孵企业数（家）")) {
            for (SampleWorld.IncubatorStat s : w.incubatorStats) {
                if (s.year() == y) {
                    c.line(s.incubator().id, s.incubator().name, s.region(), y,
                            BigDecimal.valueOf(s.areaHundredths(), 2).toPlainString(), s.incubated());
                }
            }
        }
    }
}
