package io.zhibiao.transforms;

import io.zhibiao.transforms.standard.CreditCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes hand-made landing files into a test lake. */
public final class LandingFixture {

    public static final Charset GBK = Charset.forName("GBK");
    public static final String REGISTER_HEADER = "统一社会信用代码,企业名称,住所所在行政区划代码,行业代码,成立日期,注销日期,企业规模,登记状态";
    public static final String TAX_HEADER = "纳税人识别号,纳税人名称,所属年度,营业收入,研发费用,研发费用加计扣除额,适用高新技术企业15%税率";
    public static final String STATS_HEADER = "区划代码,统计年度,地区生产总值（万元）,年末常住人口（人）,规模以上工业增加值（万元）,"
            + "高新技术产业增加值（万元）,财政科学技术支出（万元）";

    private final Path root;

    public LandingFixture(Path lakeRoot) {
        this.root = lakeRoot;
    }

    /** A valid credit code of an enterprise registered in {@code region}, distinct per {@code body}. */
    public static String code(String region, String body) {
        return CreditCode.complete("9", "1", region, body);
    }

    public Path write(String source, String period, String file, Charset cs, String... lines) {
        Path p = root.resolve("landing").resolve(source).resolve(period).resolve(file);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, String.join("\n", lines) + "\n", cs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A file with exactly {@code text} in it: no line break added, so a test can cut a file anywhere. */
    public Path writeExactly(String source, String period, String file, Charset cs, String text) {
        Path p = root.resolve("landing").resolve(source).resolve(period).resolve(file);
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, text.getBytes(cs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The region list: 涧西区, the city, and the 2021 merger of 吉利区 into 孟津区. */
    public void regions() {
        write("regions", "2021", "xzqh.csv", StandardCharsets.UTF_8,
                "区划代码,区划名称,区划类型,上级区划代码,启用日期,停用日期,承继区划代码,所在县区代码",
                "410300,洛阳市,地级市,410000,1983-01-01,,,",
                "410305,涧西区,市辖区,410300,1983-01-01,,,",
                "410306,吉利区,市辖区,410300,1983-01-01,2021-02-28,410308,",
                "410308,孟津区,市辖区,410300,2021-03-01,,,",
                "410371,洛阳高新技术产业开发区,功能区,410300,1992-11-01,,,410305");
    }
}
