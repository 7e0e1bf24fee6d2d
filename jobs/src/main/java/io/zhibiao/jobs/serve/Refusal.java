package io.zhibiao.jobs.serve;

import org.apache.spark.SparkThrowable;

/**
 * A statement {@code zhibiao serve} will not run. It reaches the JDBC client as an SQL error with SQLSTATE 42501
 * (insufficient privilege) and this message; the server and the client's session carry on.
 */
public final class Refusal extends RuntimeException implements SparkThrowable {
    private static final long serialVersionUID = 1L;

    /** SQLSTATE for "insufficient privilege": the statement is valid, this server does not allow it. */
    public static final String SQL_STATE = "42501";

    Refusal(String message) {
        super(message);
    }

    // No error class: Spark then shows the message as it is, in every error message format.
    @Override
    public String getErrorClass() {
        return null;
    }

    @Override
    public String getSqlState() {
        return SQL_STATE;
    }

    @Override
    public boolean isInternalError() {
        return false;
    }

    /** The thrift server prints the exception itself; the message alone reads best in a BI tool's error box. */
    @Override
    public String toString() {
        return getMessage();
    }
}
