package io.zhibiao.transforms.source;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Optional;

/**
 * A department extract: where it lands, how it is encoded, its columns and the silver table it refines to.
 *
 * @param confidential holds micro-data protected by the Statistics Law / tax secrecy: never logged in clear
 * @param revisionWarnFactor a re-delivery that moves a number column by more than this factor (up or down)
 *                           against what silver holds is warned about; null: not checked
 */
public record SourceSpec(
        String id,
        String name,
        String department,
        String landing,
        String encoding,
        String silver,
        List<String> key,
        boolean confidential,
        List<ColumnSpec> columns,
        List<CheckSpec> checks,
        BigDecimal revisionWarnFactor) implements java.io.Serializable {

    public Optional<ColumnSpec> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Optional<ColumnSpec> periodColumn() {
        return columns.stream().filter(ColumnSpec::period).findFirst();
    }

    /** The number columns a revision is compared on: amounts, integers and decimals outside the key. */
    public List<ColumnSpec> revisionColumns() {
        return columns.stream().filter(c -> !key.contains(c.name()) && (c.type() == ColumnType.AMOUNT
                || c.type() == ColumnType.INTEGER || c.type() == ColumnType.DECIMAL)).toList();
    }

    /** The declared charset, or empty when the encoding is detected per file ("auto"). */
    public Optional<Charset> charset() {
        return "auto".equalsIgnoreCase(encoding) ? Optional.empty() : Optional.of(Charset.forName(encoding));
    }

    /** The same source delivered in another encoding. */
    public SourceSpec withEncoding(String otherEncoding) {
        return new SourceSpec(id, name, department, landing, otherEncoding, silver, key, confidential, columns, checks,
                revisionWarnFactor);
    }

}
