package io.zhibiao.lake;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The label of a lake column (the comment BI tools show), on the component of a table's row record. {@code @Column("")}
 * says on purpose that the column has no comment: audit tables whose columns have never carried one keep the schema
 * existing lakes hold.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Column {
    String value();
}
