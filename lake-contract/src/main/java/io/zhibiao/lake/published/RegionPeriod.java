package io.zhibiao.lake.published;

import io.zhibiao.lake.Column;
import java.time.LocalDate;

/** A row of published.regions. */
public record RegionPeriod(
        @Column("发布批次") Integer releaseNo,
        @Column("区划代码") String regionCode,
        @Column("区划名称") String regionName,
        @Column("区划类型") String regionKind,
        @Column("启用日期") LocalDate validFrom,
        @Column("停用日期") LocalDate validTo,
        @Column("承继区划代码") String successorCode,
        @Column("现行区划代码（重述口径）") String currentCode,
        @Column("现行区划名称") String currentName) {
}
