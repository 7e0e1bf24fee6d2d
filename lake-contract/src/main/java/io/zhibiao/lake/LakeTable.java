package io.zhibiao.lake;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One table of the lake: its zone and name, the record its rows are (whose components, with their labels, are the
 * table's columns in order), its natural key and its partitioning. Its place is {@link Lake#table}; nothing else
 * spells it.
 */
public record LakeTable<R extends Record>(String zone, String name, Class<R> rowType, List<String> key,
                                          List<String> partitionBy) {

    /** zone.table, as Spark SQL names it. */
    public String qualified() {
        return zone + "." + name;
    }

    /** The labelled schema, from the row record. */
    public StructType schema() {
        return Rows.schema(rowType);
    }

    public String path(Lake lake) {
        return lake.table(qualified());
    }

    public Row row(R record) {
        return Rows.of(schema(), record);
    }

    /** A row read back as the record; a column an older table lacks reads as null. */
    public R read(Row row) {
        return Rows.read(row, rowType);
    }

    @Override
    public String toString() {
        return qualified();
    }
}
