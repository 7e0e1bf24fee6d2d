package io.zhibiao.transforms.refine;

import io.zhibiao.transforms.standard.Masking;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One value a re-delivery moved by more than its source's declared factor: the delivered row, the field, the old
 * and new value in the delivered unit, and the row it replaced. A row of {@code audit/revision_warnings}.
 */
public record RevisionWarning(String source, String file, long row, long line, String naturalKey, String field,
                              String header, String oldValue, String newValue, String change, double factor,
                              String replacedFile, Long replacedRow, boolean confidential) {

    static RevisionWarning of(Row r) {
        return new RevisionWarning(r.getAs("source"), r.getAs("source_file"), r.<Long>getAs("row_number"),
                r.<Long>getAs("line_number"), r.getAs("natural_key"), r.getAs("field"), r.getAs("header"),
                r.getAs("old_value"), r.getAs("new_value"), r.getAs("change"), r.<Double>getAs("factor"),
                r.getAs("replaced_source_file"), r.getAs("replaced_row_number"), r.<Boolean>getAs("confidential"));
    }

    /**
     * One line for the run log. For a confidential source (tax returns, the R&D survey) the values and the key stay
     * out: file, row, field and the size of the move say where to look. Credit codes are masked in any case.
     */
    public String describe() {
        String what = confidential
                ? ": " + change + " (values withheld: confidential source)"
                : " of " + naturalKey + ": " + oldValue + " → " + newValue + " (" + change + ")";
        String replaced = replacedFile == null ? "" : " replaces " + replacedFile + " row " + replacedRow + ",";
        return Masking.maskCodes(file + " row " + row + " (line " + line + "), " + field + " (" + header + ")" + what
                + replaced + " beyond the factor " + BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString()
                + " declared for source '" + source + "'; merged as delivered: confirm it with the department");
    }
}
