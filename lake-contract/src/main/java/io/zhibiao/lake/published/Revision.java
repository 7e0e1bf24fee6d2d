package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of published.revisions. */
public record Revision(
        @Column("修订所在发布批次") Integer releaseNo,
        @Column("被修订的发布批次") Integer previousReleaseNo,
        @Column("指标代码") String indicatorId,
        @Column("指标") String indicatorZh,
        @Column("单位") String unit,
        @Column("区划代码") String regionCode,
        @Column("地区") String regionName,
        @Column("年度") Integer year,
        @Column("原发布值") BigDecimal oldValue,
        @Column("修订后值") BigDecimal newValue,
        @Column("修订幅度（新值−原值）") BigDecimal revision,
        @Column("修订原因：有新交付数据的 silver 表") String causeTables,
        @Column("修订原因：新交付文件") String causeFiles,
        @Column("数据截止日") LocalDate dataCutoff) {
}
