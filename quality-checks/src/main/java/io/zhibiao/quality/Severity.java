package io.zhibiao.quality;

/** What a failed check does: warn (reported, the release goes ahead) or block (the release is held back). */
public enum Severity { WARN, BLOCK }
