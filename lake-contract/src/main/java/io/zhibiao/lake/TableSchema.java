package io.zhibiao.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A table schema with a Chinese label on every column (the comment BI tools show). */
public final class TableSchema {

    public static final DataType NUMBER = DataTypes.createDecimalType(38, 6);

    private final List<StructField> fields = new ArrayList<>();

    /** A column; an empty label adds none (audit tables that have never carried labels keep their schema). */
    public TableSchema add(String name, DataType type, String label) {
        StructField field = DataTypes.createStructField(name, type, true);
        fields.add(label.isEmpty() ? field : field.withComment(label));
        return this;
    }

    public TableSchema string(String name, String label) {
        return add(name, DataTypes.StringType, label);
    }

    public TableSchema integer(String name, String label) {
        return add(name, DataTypes.IntegerType, label);
    }

    public TableSchema bigint(String name, String label) {
        return add(name, DataTypes.LongType, label);
    }

    public TableSchema number(String name, String label) {
        return add(name, NUMBER, label);
    }

    public TableSchema date(String name, String label) {
        return add(name, DataTypes.DateType, label);
    }

    public TableSchema timestamp(String name, String label) {
        return add(name, DataTypes.TimestampType, label);
    }

    public TableSchema bool(String name, String label) {
        return add(name, DataTypes.BooleanType, label);
    }

    public StructType build() {
        return DataTypes.createStructType(fields);
    }
}
