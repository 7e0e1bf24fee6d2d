package io.zhibiao.sample;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Synthetic Chinese names for enterprises, people and patent titles; unique where a register needs it. */
final class Names {

    private static final String TRADE_CHARS =
            "华瑞恒通宏达鑫源盛泰嘉信博远德隆永安晟昌汇丰中兴天成卓越金鼎凯旋万邦正大精诚联创国瀚洛河伊洛洛邑"
            + "九州龙门牡丹白马周王隋唐天宇东方新峰科润明辉泽宇锐思睿智启航弘毅致远同力合众天鸿耀华鼎盛佳禾"
            + "宇晨海川鸿运兆丰腾飞广源瑞祥亿隆创新融通振华立信诚意宝丰聚能凯达华夏长远嘉和永泰协力";
    private static final List<String> SURNAMES = List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
            "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
            "邓", "曹");
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕";

    private final Rng rng;
    private final String prefix;
    private final Set<String> used = new HashSet<>();

    /** {@code prefix}: the city's short name, which starts every enterprise name (洛阳…, 新乡…). */
    Names(Rng rng, String prefix) {
        this.rng = rng;
        this.prefix = prefix;
    }

    private String trade() {
        int n = TRADE_CHARS.length();
        return "" + TRADE_CHARS.charAt(rng.between(0, n - 1)) + TRADE_CHARS.charAt(rng.between(0, n - 1));
    }

    /** 城市 + 字号 + 行业特征 + 组织形式, unique in the register. */
    String enterprise(String industryWord, String size) {
        String form = switch (size) {
            case "大型" -> rng.chance(0.6) ? "股份有限公司" : "有限公司";
            case "中型" -> rng.chance(0.2) ? "股份有限公司" : "有限公司";
            default -> rng.chance(0.3) ? "有限责任公司" : "有限公司";
        };
        for (int attempt = 0; ; attempt++) {
            String t = attempt < 20 ? trade() : trade() + trade().charAt(0);
            String name = prefix + t + industryWord + form;
            if (used.add(name)) {
                return name;
            }
        }
    }

    String person() {
        String given = "" + GIVEN.charAt(rng.between(0, GIVEN.length() - 1));
        if (rng.chance(0.7)) {
            given += GIVEN.charAt(rng.between(0, GIVEN.length() - 1));
        }
        return rng.pick(SURNAMES) + given;
    }

    private static final List<String> PARTS = List.of("轴承保持架", "矿用提升机", "耐火浇注料", "光伏玻璃", "钼合金靶材",
            "电连接器", "拖拉机变速箱", "锂电池隔膜", "钛合金构件", "液压支架", "数控机床主轴", "分子筛吸附剂",
            "智能传感器", "风电主轴轴承", "铝合金板带", "兽用疫苗佐剂", "高纯硅烷", "碳化硅陶瓷", "无人驾驶控制系统",
            "工业机器人关节");
    private static final List<String> ACTS = List.of("制备方法", "加工方法", "检测装置", "控制方法", "装配工装",
            "冷却结构", "在线监测系统", "热处理工艺", "密封装置", "成型模具");

    String patentTitle(String type) {
        String part = rng.pick(PARTS);
        return switch (type) {
            case "外观设计" -> part + "（" + rng.pick(List.of("A型", "B型", "便携式", "组合式")) + "）";
            default -> "一种" + part + "的" + rng.pick(ACTS);
        };
    }

    String buyer(String regionName) {
        return regionName + trade() + rng.pick(List.of("科技", "实业", "装备", "能源", "材料", "电子")) + "有限公司";
    }
}
