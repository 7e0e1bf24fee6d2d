package io.zhibiao.lake;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of a lake table built and read by column name, never by position: from a record whose components are the
 * table's columns in camelCase ({@code regionCode} for {@code region_code}), or from a map of column → value. A
 * record or map that names a column the table lacks, or leaves one out, is refused when the row is built, so a
 * schema and the code that fills it cannot drift apart silently.
 */
public final class Rows {

    private static final Map<String, RecordComponent[]> PLANS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, StructType> SCHEMAS = new ConcurrentHashMap<>();

    private Rows() {
    }

    /** The row of the record's own table ({@link #schema(Class)}). */
    public static Row of(Record record) {
        return of(schema(record.getClass()), record);
    }

    /** The row of {@code schema} holding the record's components, matched by name. */
    public static Row of(StructType schema, Record record) {
        RecordComponent[] plan = plan(schema, record.getClass());
        Object[] values = new Object[plan.length];
        try {
            for (int i = 0; i < plan.length; i++) {
                values[i] = sparkValue(plan[i].getAccessor().invoke(record));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return RowFactory.create(values);
    }

    /** The labelled schema of a row record: one column per component, named in snake_case, typed by its class. */
    public static StructType schema(Class<? extends Record> type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            TableSchema s = new TableSchema();
            for (RecordComponent c : t.getRecordComponents()) {
                Column label = c.getAnnotation(Column.class);
                if (label == null) {
                    throw new IllegalStateException(t.getSimpleName() + "." + c.getName() + " has no @Column label");
                }
                s.add(column(c.getName()), type(c.getType(), t, c), label.value());
            }
            return s.build();
        });
    }

    /** The row record of {@code type} read from a row by column name; a column the row lacks reads as null. */
    public static <R extends Record> R read(Row row, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        java.util.List<String> names = java.util.Arrays.asList(row.schema().fieldNames());
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            int at = names.indexOf(column(components[i].getName()));
            args[i] = at < 0 || row.isNullAt(at) ? null
                    : types[i] == List.class ? new ArrayList<>(row.getList(at)) : javaValue(row.get(at), types[i]);
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a table from its records. */
    public static <R extends Record> List<Row> of(LakeTable<R> table, List<R> records) {
        StructType schema = table.schema();
        List<Row> out = new ArrayList<>(records.size());
        records.forEach(r -> out.add(of(schema, r)));
        return out;
    }

    private static org.apache.spark.sql.types.DataType type(Class<?> c, Class<?> record, RecordComponent component) {
        if (c == String.class) {
            return org.apache.spark.sql.types.DataTypes.StringType;
        } else if (c == Integer.class) {
            return org.apache.spark.sql.types.DataTypes.IntegerType;
        } else if (c == Long.class) {
            return org.apache.spark.sql.types.DataTypes.LongType;
        } else if (c == BigDecimal.class) {
            return TableSchema.NUMBER;
        } else if (c == LocalDate.class) {
            return org.apache.spark.sql.types.DataTypes.DateType;
        } else if (c == Instant.class) {
            return org.apache.spark.sql.types.DataTypes.TimestampType;
        } else if (c == Boolean.class) {
            return org.apache.spark.sql.types.DataTypes.BooleanType;
        } else if (c == Double.class) {
            return org.apache.spark.sql.types.DataTypes.DoubleType;
        } else if (c == List.class && component.getGenericType() instanceof java.lang.reflect.ParameterizedType p
                && p.getActualTypeArguments()[0] == String.class) {
            return org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.StringType);
        }
        throw new IllegalStateException(record.getSimpleName() + "." + component.getName() + ": no lake column type for "
                + component.getGenericType().getTypeName()
                + " (String, Integer, Long, BigDecimal, LocalDate, Instant, Boolean, Double, List<String>)");
    }

    private static Object javaValue(Object v, Class<?> type) {
        if (type == LocalDate.class && v instanceof Date d) {
            return d.toLocalDate();
        }
        if (type == Instant.class && v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (type == Long.class && v instanceof Number n) {
            return n.longValue();
        }
        if (type == Integer.class && v instanceof Number n) {
            return n.intValue();
        }
        if (type == Double.class && v instanceof Number n) {
            return n.doubleValue();
        }
        return v;
    }

    /** The row of {@code schema} holding {@code values}: exactly one entry per column. */
    public static Row of(StructType schema, Map<String, ?> values) {
        Set<String> unknown = new LinkedHashSet<>(values.keySet());
        List<String> missing = new ArrayList<>();
        Object[] out = new Object[schema.fields().length];
        for (int i = 0; i < out.length; i++) {
            String name = schema.fields()[i].name();
            if (!values.containsKey(name)) {
                missing.add(name);
            }
            unknown.remove(name);
            out[i] = sparkValue(values.get(name));
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalStateException("row does not fit its table: missing " + missing + ", unknown " + unknown);
        }
        return RowFactory.create(out);
    }

    /** camelCase → snake_case: regionCode → region_code, spearman2x → spearman2x. */
    public static String column(String component) {
        StringBuilder sb = new StringBuilder();
        for (char c : component.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static RecordComponent[] plan(StructType schema, Class<? extends Record> type) {
        return PLANS.computeIfAbsent(type.getName() + "@" + schema.json(), k -> {
            RecordComponent[] components = type.getRecordComponents();
            Map<String, RecordComponent> byColumn = new java.util.HashMap<>();
            for (RecordComponent c : components) {
                byColumn.put(column(c.getName()), c);
            }
            StructField[] fields = schema.fields();
            RecordComponent[] plan = new RecordComponent[fields.length];
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                plan[i] = byColumn.remove(fields[i].name());
                if (plan[i] == null) {
                    missing.add(fields[i].name());
                }
            }
            if (!missing.isEmpty() || !byColumn.isEmpty()) {
                throw new IllegalStateException(type.getSimpleName() + " does not fit its table: columns without a "
                        + "component " + missing + ", components without a column " + byColumn.keySet());
            }
            for (RecordComponent c : plan) {
                c.getAccessor().setAccessible(true);
            }
            return plan;
        });
    }

    private static Object sparkValue(Object v) {
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (v instanceof Instant t) {
            return Timestamp.from(t);
        }
        if (v instanceof BigDecimal || v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Date || v instanceof Timestamp) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Rows::sparkValue).toArray();
        }
        throw new IllegalStateException("no lake column type for " + v.getClass().getName());
    }
}
