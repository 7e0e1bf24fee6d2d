package io.zhibiao.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    private static List<CsvParser.Record> parse(String text) throws IOException {
        CsvParser p = new CsvParser(new StringReader(text));
        List<CsvParser.Record> out = new ArrayList<>();
        CsvParser.Record r;
        while ((r = p.next()) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        List<CsvParser.Record> rs = parse("a,b\r\n\"洛阳,中信\",\"说\"\"明\"\r\n\"两\n行\",x\r\n");
        assertThat(rs).hasSize(3);
        assertThat(rs.get(1).fields()).containsExactly("洛阳,中信", "说\"明");
        assertThat(rs.get(2).fields()).containsExactly("两\n行", "x");
        // The record with a line break inside quotes starts on line 3; the next would start on line 5.
        assertThat(rs.get(2).line()).isEqualTo(3);
        assertThat(rs).allSatisfy(r -> assertThat(r.problem()).isNull());
    }

    @Test
    void emptyFieldsAndMissingLastLineBreak() throws IOException {
        List<CsvParser.Record> rs = parse("a,,c\n,,\nx,y,z");
        assertThat(rs.get(0).fields()).containsExactly("a", "", "c");
        assertThat(rs.get(1).fields()).containsExactly("", "", "");
        assertThat(rs.get(2).fields()).containsExactly("x", "y", "z");
        assertThat(rs.get(2).line()).isEqualTo(3);
        // Only the line break shows a record arrived whole; the reader rejects a file whose last record lacks it.
        assertThat(rs).extracting(CsvParser.Record::end).containsExactly(CsvParser.End.LINE_BREAK,
                CsvParser.End.LINE_BREAK, CsvParser.End.END_OF_INPUT);
    }

    @Test
    void everyLineEndCountsAsALineBreak() throws IOException {
        assertThat(parse("a\r\nb\rc\n")).extracting(CsvParser.Record::end).containsOnly(CsvParser.End.LINE_BREAK).hasSize(3);
    }

    @Test
    void unterminatedQuoteIsReportedOnItsRecord() throws IOException {
        List<CsvParser.Record> rs = parse("a,b\n1,\"never closed\n2,3\n");
        assertThat(rs).hasSize(2);
        assertThat(rs.get(1).problem()).isEqualTo("第 2 行开始的引号字段直到文件末尾都未闭合");
        assertThat(rs.get(1).end()).isEqualTo(CsvParser.End.INSIDE_QUOTES);
    }

    @Test
    void textAfterAClosingQuoteIsReported() throws IOException {
        List<CsvParser.Record> rs = parse("\"ab\"c,d\n");
        assertThat(rs.get(0).fields()).containsExactly("abc", "d");
        assertThat(rs.get(0).problem()).isEqualTo("第 1 行引号闭合后还有其他字符");
    }
}
