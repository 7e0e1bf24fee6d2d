package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of published.composite_index. */
public record CompositeIndexRow(
        @Column("发布批次") Integer releaseNo,
        @Column("指数代码") String indexId,
        @Column("指数") String indexZh,
        @Column("Index") String indexEn,
        @Column("所属市区划代码") String cityCode,
        @Column("区划代码") String regionCode,
        @Column("地区") String regionName,
        @Column("年度") Integer year,
        @Column("指数得分（声明的标准化与权重）") BigDecimal score,
        @Column("位次") Integer rank,
        @Column("等权得分（敏感性）") BigDecimal scoreEqualWeights,
        @Column("等权位次（敏感性）") Integer rankEqualWeights,
        @Column("替代标准化得分（敏感性）") BigDecimal scoreAlternative,
        @Column("替代标准化位次（敏感性）") Integer rankAlternative,
        @Column("最大位次变动") Integer maxRankShift,
        @Column("有数据的分项指标数") Integer components,
        @Column("有数据分项的权重占比") BigDecimal weightCovered,
        @Column("参与排名的单位数") Integer unitsRanked,
        @Column("标准化方法") String normalisation,
        @Column("权重") String weights,
        @Column("数据截止日") LocalDate dataCutoff,
        @Column("运行批次") String runId) {
}
