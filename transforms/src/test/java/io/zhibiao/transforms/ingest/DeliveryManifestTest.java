package io.zhibiao.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryManifestTest {

    static final String FILE = "landing/county_stats/2024/county_stats_2024.csv";
    static final String NAME = "county_stats_2024.csv.manifest";
    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static DeliveryManifest parse(String text) throws FileRejected {
        return DeliveryManifest.parse(FILE, NAME, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unreadable(String why) {
        return FILE + ": its manifest " + NAME + " cannot be read: " + why
                + ". Write the manifest as key=value lines (rows, bytes, sha256) and re-deliver both.";
    }

    @Test
    void namesAManifestByItsFile() {
        assertThat(DeliveryManifest.isManifest("county_stats_2024.csv.manifest")).isTrue();
        assertThat(DeliveryManifest.isManifest("COUNTY_STATS_2024.CSV.MANIFEST")).isTrue();
        assertThat(DeliveryManifest.isManifest("county_stats_2024.csv")).isFalse();
        assertThat(DeliveryManifest.isManifest("county_stats_2024.manifest")).isFalse();
        assertThat(DeliveryManifest.describedFile("county_stats_2024.csv.manifest")).isEqualTo("county_stats_2024.csv");
    }

    @Test
    void readsRowsBytesAndChecksumWithCommentsAndCrlf() throws Exception {
        DeliveryManifest m = parse("\uFEFF# 统计局\r\nrows = 16\r\n\r\nbytes=1045\r\nsha256=" + SHA.toUpperCase() + "\r\n");
        assertThat(m.rows()).isEqualTo(16);
        assertThat(m.bytes()).hasValue(1045);
        assertThat(m.sha256()).hasValue(SHA);
    }

    @Test
    void rowsAloneIsEnough() throws Exception {
        DeliveryManifest m = parse("rows=0");
        assertThat(m.rows()).isZero();
        assertThat(m.bytes()).isEmpty();
        assertThat(m.sha256()).isEmpty();
    }

    @Test
    void aMalformedManifestNamesTheLineAndWhy() {
        assertThatThrownBy(() -> parse("rows=two\n")).hasMessage(unreadable("line 1: rows must be a whole number, not 'two'"));
        assertThatThrownBy(() -> parse("rows=-3\n")).hasMessage(unreadable("line 1: rows must be a whole number, not '-3'"));
        assertThatThrownBy(() -> parse("# c\nrows=2\nlines=3\n"))
                .hasMessage(unreadable("line 3: unknown key 'lines' (the keys are rows, bytes, sha256)"));
        assertThatThrownBy(() -> parse("rows=2\nrows=3\n")).hasMessage(unreadable("line 2: rows is given twice"));
        assertThatThrownBy(() -> parse("rows 2\n")).hasMessage(unreadable("line 1: 'rows 2' is not key=value"));
        assertThatThrownBy(() -> parse("rows=2\nsha256=abc\n"))
                .hasMessage(unreadable("line 2: sha256 must be 64 hexadecimal digits, not 'abc'"));
        assertThatThrownBy(() -> parse("bytes=10\n")).hasMessage(unreadable("it states no rows (rows=<number of data rows>)"));
        assertThatThrownBy(() -> parse("")).hasMessage(unreadable("it states no rows (rows=<number of data rows>)"));
        assertThatThrownBy(() -> DeliveryManifest.parse(FILE, NAME, new byte[] {'r', 'o', (byte) 0xC0, '\n'}))
                .hasMessage(unreadable("it is not UTF-8 text"));
        assertThatThrownBy(() -> DeliveryManifest.parse(FILE, NAME, new byte[DeliveryManifest.MAX_BYTES + 1]))
                .hasMessage(unreadable("it is larger than 4096 bytes"));
    }

    @Test
    void aFileThatDoesNotMatchItsManifestIsRejected() throws Exception {
        DeliveryManifest m = parse("rows=3\nbytes=1045\nsha256=" + SHA + "\n");
        m.checkFile(FILE, 1045, SHA);
        m.checkRows(FILE, 3);
        assertThatThrownBy(() -> m.checkRows(FILE, 2)).isInstanceOf(FileRejected.class).hasMessage(FILE
                + ": has 2 data rows, but its manifest " + NAME + " states 3: the file is incomplete. Re-deliver the whole export.");
        assertThatThrownBy(() -> m.checkRows(FILE, 4)).hasMessage(FILE + ": has 4 data rows, but its manifest " + NAME
                + " states 3: file and manifest do not agree. Re-deliver the whole export with its manifest.");
        assertThatThrownBy(() -> m.checkFile(FILE, 1000, SHA)).hasMessage(FILE + ": is 1000 bytes long, but its manifest "
                + NAME + " states 1045: the file is incomplete. Re-deliver the whole export with its manifest.");
        String other = SHA.replace('9', '8');
        assertThatThrownBy(() -> m.checkFile(FILE, 1045, other)).hasMessage(FILE + ": has SHA-256 " + other
                + ", but its manifest " + NAME + " states " + SHA + ": the file is not the one described."
                + " Re-deliver the whole export with its manifest.");
    }
}
