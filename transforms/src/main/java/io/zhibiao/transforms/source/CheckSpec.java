package io.zhibiao.transforms.source;

/** A row rule over typed columns, in Spark SQL; rows where it is false are quarantined. */
public record CheckSpec(String id, String field, String rule, String message) implements java.io.Serializable {
}
