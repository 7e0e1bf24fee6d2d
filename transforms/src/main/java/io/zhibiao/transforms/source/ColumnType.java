package io.zhibiao.transforms.source;

/** How a delivered text column is typed in silver; each type brings its rules (see sources.yaml). */
public enum ColumnType {
    STRING, CREDIT_CODE, REGION_CODE, INDUSTRY_CODE, DATE, YEAR, AMOUNT, INTEGER, DECIMAL, ENUM, FLAG;

    static ColumnType parse(String text) {
        for (ColumnType t : values()) {
            if (t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        return null;
    }
}
