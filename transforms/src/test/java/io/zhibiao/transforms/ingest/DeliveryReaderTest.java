package io.zhibiao.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryReaderTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final SourceRegistry REGISTRY = SourceRegistry.loadDefault();
    private static final String TAX_HEADER = "纳税人识别号,纳税人名称,所属年度,营业收入,研发费用,研发费用加计扣除额,适用高新技术企业15%税率";

    private static List<DeliveryReader.Row> read(SourceSpec source, byte[] bytes) throws Exception {
        List<DeliveryReader.Row> rows = new ArrayList<>();
        new DeliveryReader(source).read("landing/x/2020/f.csv", () -> new ByteArrayInputStream(bytes), rows::add);
        return rows;
    }

    @Test
    void gbkTaxExportRoundTripsChineseNames() throws Exception {
        String text = TAX_HEADER + "\r\n91110000600037341L,洛阳瀍河回族区鑫源轴承有限公司,2020,1000.00,10.00,7.50,是\r\n";
        List<DeliveryReader.Row> rows = read(REGISTRY.require("tax_returns"), text.getBytes(GBK));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).containsExactly("91110000600037341L", "洛阳瀍河回族区鑫源轴承有限公司", "2020",
                "1000.00", "10.00", "7.50", "是");
        assertThat(rows.get(0).lineNumber()).isEqualTo(2);
        assertThat(rows.get(0).problem()).isNull();
    }

    @Test
    void columnsAreMatchedByHeaderNotPosition() throws Exception {
        String text = "所属年度,纳税人名称,纳税人识别号,研发费用加计扣除额,研发费用,营业收入,适用高新技术企业15%税率,备注\n"
                + "2020,甲公司,91110000600037341L,7.50,10.00,1000.00,否,补报\n";
        List<DeliveryReader.Row> rows = read(REGISTRY.require("tax_returns").withEncoding("UTF-8"), text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows.get(0).values()).containsExactly("91110000600037341L", "甲公司", "2020", "1000.00", "10.00", "7.50", "否");
        assertThat(rows.get(0).extra()).containsEntry("备注", "补报");
    }

    @Test
    void fullWidthAndHalfWidthBracketsInHeadersMatch() throws Exception {
        String text = "区划代码,统计年度,地区生产总值(万元),年末常住人口(人),规模以上工业增加值(万元),高新技术产业增加值(万元),财政科学技术支出(万元)\n"
                + "410305,2020,1,2,3,4,5\n";
        List<DeliveryReader.Row> rows = read(REGISTRY.require("county_stats"), text.getBytes(StandardCharsets.UTF_8));
        assertThat(rows.get(0).values()).containsExactly("410305", "2020", "1", "2", "3", "4", "5");
    }

    @Test
    void utf8FileDeclaredGbkIsRejectedWithTheLine() {
        String text = TAX_HEADER + "\n91110000600037341L,洛阳瀍河回族区鑫源轴承有限公司,2020,1,1,1,是\n";
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns"), text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejected.class)
                .hasMessageStartingWith("landing/x/2020/f.csv: ")
                .hasMessageContaining("GBK")
                .hasMessageContaining("it decodes as UTF-8");
    }

    @Test
    void gbkFileDeclaredUtf8IsRejected() {
        String text = "统一社会信用代码,企业名称,住所所在行政区划代码,行业代码,成立日期,注销日期,企业规模,登记状态\n"
                + "91110000600037341L,洛阳鑫源轴承有限公司,410305,C3451,2020-01-02,,小型,存续\n";
        assertThatThrownBy(() -> read(REGISTRY.require("enterprise_register"), text.getBytes(GBK)))
                .isInstanceOf(FileRejected.class)
                .hasMessageContaining("is not valid UTF-8")
                .hasMessageContaining("it decodes as GBK/GB18030");
    }

    @Test
    void missingRequiredColumnRejectsTheFile() {
        String text = "纳税人识别号,纳税人名称,所属年度,研发费用,研发费用加计扣除额,适用高新技术企业15%税率\r\n";
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns"), text.getBytes(GBK)))
                .isInstanceOf(FileRejected.class)
                .hasMessage("landing/x/2020/f.csv: lacks required column 营业收入 (source 'tax_returns')."
                        + " Re-deliver the file with the columns listed in sources.yaml.");
    }

    @Test
    void emptyFileIsRejected() {
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns"), new byte[0]))
                .isInstanceOf(FileRejected.class)
                .hasMessageContaining("is empty: not even a header line");
    }

    @Test
    void shortRowRejectsTheFile() {
        // Was: the row was kept with its problem and quarantined alone (ZB-SHAPE); a short row marks a cut export.
        String text = TAX_HEADER + "\r\n91110000600037341L,甲,2020,1,1,1,是\r\n91110000600037341L,甲,2020\r\n";
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns"), text.getBytes(GBK)))
                .isInstanceOf(FileRejected.class)
                .hasMessage("landing/x/2020/f.csv: line 3 (row 2) has 3 fields, the header 7: a row with fields missing is"
                        + " the mark of an export cut off or corrupted, so none of the file is taken in. Re-deliver the whole"
                        + " export.");
    }

    @Test
    void longerRowIsKeptWithItsProblem() throws Exception {
        String text = TAX_HEADER + "\r\n91110000600037341L,甲,乙,2020,1,1,1,是\r\n";
        List<DeliveryReader.Row> rows = read(REGISTRY.require("tax_returns"), text.getBytes(GBK));
        assertThat(rows.get(0).problem()).isEqualTo("该行有 8 个字段，表头有 7 个");
    }

    @Test
    void lastRecordWithoutLineBreakRejectsTheFile() {
        // 103 cut to 1 in transfer, and nothing after it.
        String text = "区划代码,统计年度,地区生产总值（万元）,年末常住人口（人）,规模以上工业增加值（万元）,高新技术产业增加值（万元）,"
                + "财政科学技术支出（万元）\n410305,2024,5000000,480000,2000000,800000,1";
        assertThatThrownBy(() -> read(REGISTRY.require("county_stats"), utf8(text)))
                .isInstanceOf(FileRejected.class)
                .hasMessageStartingWith("landing/x/2020/f.csv: ends without a line break after its last record (line 2, row 1)");
    }

    @Test
    void headerWithoutLineBreakRejectsTheFile() {
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns"), TAX_HEADER.getBytes(GBK)))
                .isInstanceOf(FileRejected.class)
                .hasMessageStartingWith("landing/x/2020/f.csv: ends without a line break after its header (line 1)");
    }

    @Test
    void quotedFieldOpenAtTheEndRejectsTheFile() {
        String text = TAX_HEADER + "\n91110000600037341L,\"甲\n2020,1,1,1,是\n";
        assertThatThrownBy(() -> read(REGISTRY.require("tax_returns").withEncoding("UTF-8"), text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileRejected.class)
                .hasMessageStartingWith("landing/x/2020/f.csv: ends inside a quoted field that opens on line 2 (row 1)");
    }

    @Test
    void blankLastLinesAreNotRecords() throws Exception {
        String text = TAX_HEADER + "\r\n91110000600037341L,甲,2020,1,1,1,是\r\n\r\n";
        assertThat(read(REGISTRY.require("tax_returns"), text.getBytes(GBK))).hasSize(1);
    }

    @Test
    void utf8ByteOrderMarkIsSkipped() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String text = "区划代码,统计年度,地区生产总值（万元）,年末常住人口（人）,规模以上工业增加值（万元）,高新技术产业增加值（万元）,财政科学技术支出（万元）\n410305,2020,1,2,3,4,5\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        assertThat(read(REGISTRY.require("county_stats"), all)).hasSize(1);
    }

    @Test
    void headerOnlyFileHasNoRows() throws Exception {
        assertThat(read(REGISTRY.require("tax_returns"), (TAX_HEADER + "\r\n").getBytes(GBK))).isEmpty();
    }

    static byte[] utf8(String s) throws IOException {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
