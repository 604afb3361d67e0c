"""figures: numbers, multipliers, units, hedges, changes, ranks, periods, and what is not a figure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.figures import cn_number, find_period, find_quantities, find_ranks

Q = tuple[float | None, str | None, str | None, float | None]


def figures(text: str) -> list[Q]:
    return [(q.value, q.unit, q.qualifier, q.change) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("接待游客1439万人次", [(1439, "万人次", None, None)]),
        ("利润4.65亿元", [(4.65, "亿元", None, None)]),
        ("涉及252万平方米、2.8万户", [(252, "万平方米", None, None), (2.8, "万户", None, None)]),
        ("发展泰山茶种植面积1.28万亩", [(1.28, "万亩", None, None)]),
        ("对接海外专家100余人", [(100, "人", "余", None)]),
        ("清理占道经营1.2万余处", [(1.2, "万处", "余", None)]),
        ("收入有望达到20万元以上", [(20, "万元", "以上", None)]),
        ("投入资金1600多亿元", [(1600, "亿元", "多", None)]),
        ("实际利用外资超过8000亿元，", [(8000, "亿元", "超过", None)]),
        ("优良天数比例54.1%", [(54.1, "%", None, None)]),
        ("查处违规违纪问题13起、20人", [(13, "起", None, None), (20, "人", None, None)]),
        ("增速较一季度提升1.2个百分点", [(1.2, "个百分点", None, None)]),
        ("浓度降至20微克/立方米", [(20, "微克/立方米", None, None)]),
        ("进出口总额25,107.51亿元", [(25107.51, "亿元", None, None)]),
        ("拥有了4座GDP万亿城市", [(4, "座", None, None)]),
        ("707家P2P平台全部退出运营", [(707, "家", None, None)]),
        ("超过9000家工业企业开展技改", [(9000, "家", "超过", None)]),
        ("五年跨过3个万亿元级台阶", [(3, "个", None, None)]),
        ("引入总投资超8000亿元的259个重点项目", [(8000, "亿元", "超", None), (259, "个", None, None)]),
        (
            "增速比上半年分别提升7.2个、5.2个百分点",
            [(7.2, "个百分点", None, None), (5.2, "个百分点", None, None)],
        ),
        (
            "增加值、税收增速分别高于全省2.2个和3.7个百分点",
            [(2.2, "个百分点", None, None), (3.7, "个百分点", None, None)],
        ),
        ("抽检不少于9000批次", [(9000, "批次", "不少于", None)]),
    ],
)
def test_levels(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("增长 65%".replace(" ", ""), 65),
        ("同比增长13.3%", 13.3),
        ("接报各类警情下降26%", -26),
        ("增幅达到12.8%", 12.8),
        ("GDP增速达6.3%", 6.3),
        ("浓度同比改善2.2%", -2.2),  # better is lower for a concentration
        ("事故起数减少4%", -4),
        ("集采药品平均降价50%", -50),
        ("居民消费价格涨幅在3%", 3),
        ("实现诉求分办提速20%", 20),
    ],
)
def test_changes(text: str, change: float) -> None:
    [(value, unit, _, got)] = figures(text)
    assert (value, unit, got) == (None, None, change)


def test_distributed_changes_each_get_the_verb() -> None:
    assert [q.change for q in find_quantities("事故起数、死亡人数分别下降19.4%、17.5%")] == [-19.4, -17.5]
    assert [q.value for q in find_quantities("投资完成率分别为73.3%、73.2%")] == [73.3, 73.2]


def test_raised_to_is_a_level_not_a_change() -> None:
    assert figures("比重提高到55%") == [(55, "%", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "建立“1151”全链条工作推进机制",
        "创新巡察“11543”模式",
        "聚焦构建“3+3+4”现代服务业新体系",
        "全区PM2.5浓度",
        "入选2023年山东民营企业百强",
        "2023泰山·新青年音乐节",
        "全省工贸行业“八抓20条”观摩会",
        "其中过5亿元项目",
        "居全国第13位",
        "地铁6号线支线",
        "2021年4月5日",
        "建设5G基站",
        "投资50亿元以上制造业项目",
        "65岁及以上老年人",
        "若干5000亿元级的新兴产业集群",
        "学科入选ESI排名前1%",
        "推行7×24小时服务",
        "全面贯彻党的十九大、二十大精神",  # congresses, not counts
        "打好打赢一场又一场硬仗，推出一批项目",  # one of something: a phrase
        "推动三次产业协调发展",
        "坚决做到“两个维护”",
        "提前两年完成任务，每两周听取汇报",  # no unit: a time, not a quantity
        "成为全国第二个国家植物园",  # an ordinal
        "省委十三届二次全会，散裂中子源二期获批",
        "把一天当作两天用",
        "老旧小区改造案例入选山东省十大扩需求典型案例",  # the name of a list
        "荣获全国十大创新案例",
        "走进千家万户，实施千人计划，推动二次创业",  # idioms and names, not counts
        "召开区人大三次会议",  # a session
        "按照省委十五届四次、五次、六次、七次全会部署",  # a list of sessions
        "贯彻十三届人大二次、三次会议精神",
        "新增数百家企业，几十家门店，上百个项目，成千上万人",  # no number
        "用两个月时间完成整治",  # a time
        "入选全省10大典型案例",
        "多个地级市增速达到两位数",
    ],
)
def test_codes_names_dates_and_thresholds_are_not_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("双双跨过两万亿元大关", [(2, "万亿元", None, None)]),
        ("举办超百场经贸活动", [(100, "场", "超", None)]),
        ("推进百万亩养殖池塘升级改造", [(100, "万亩", None, None)]),
        ("广州近三成的增长来自新动能，聚集了六成的人口", [(3, "成", "近", None), (6, "成", None, None)]),
        ("率先出台两批214项举措", [(214, "项", None, None)]),  # the batches are no figure
        ("五年三次亲临广东视察", [(3, "次", None, None)]),
        ("帮助桂川黔滇四省区脱贫", []),  # the provinces named one by one: no count of its own
        ("新增一百零八家企业，两千五人参训", [(108, "家", None, None), (2500, "人", None, None)]),
        ("在此基础上三项改革落地", [(3, "项", None, None)]),
        (
            "覆盖8省市14镇街3片区",
            [(8, "省市", None, None), (14, "镇街", None, None), (3, "片区", None, None)],
        ),
    ],
)
def test_chinese_numerals_are_read_as_digits_would_be(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国家质量考核连续7次获得A级", [(7, "次", None, None)]),
        ("增速已经连续6个月位居省内第一", [(6, "个月", None, None)]),
        ("大气主要污染物连续八年全指标达标", [(8, "年", None, None)]),
        ("连续两次获评全国文明城市，连续五个月增长", [(2, "次", None, None), (5, "个月", None, None)]),
    ],
)
def test_a_streak_is_a_quantity(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


def test_threshold_inside_a_subject_leaves_the_count() -> None:
    assert figures("其中过5亿元项目14个、过10亿元项目10个") == [
        (14, "个", None, None),
        (10, "个", None, None),
    ]


def test_a_percent_range_gives_both_ends() -> None:
    assert [q.change for q in find_quantities("同比增长16%-37%")] == [16, 37]


@pytest.mark.parametrize(
    "text",
    [  # a plan's loose range of counts (湖北, 甘肃, 山西, 海南, 江西), with a dash of any kind
        "力争新增2—3家地方国企进入中国企业",
        "争取获批1—2个国家级现代农业产业园",
        "因地制宜做大1—2个战略性新兴产业集群",
        "打造1-2个具有全国知名度的乡村旅游产品",
        "各地因地制宜聚力打造1-2个主导产业",
    ],
)
def test_a_range_of_counts_is_no_figure(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["三次产业比例优化为1.9：25.7：72.4，", "三次产业比重调整为4.2∶41.1∶54.7。"])
def test_a_ratio_gives_each_term(text: str) -> None:
    terms = text[text.index("为") + 1 : -1].replace("∶", "：").split("：")
    got = find_quantities(text)
    assert [(q.value, q.unit, q.figure(text)) for q in got] == [(float(t), None, t) for t in terms]


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("销售面积增长9.8%，列全市第二。", ("全市", 2, "列全市第二")),
        ("均列县（市、区）第一位，", ("县（市、区）", 1, "列县（市、区）第一位")),
        ("增速全市第二；", ("全市", 2, "全市第二")),
        ("任务完成率居各县（市、区）第一。", ("各县（市、区）", 1, "居各县（市、区）第一")),
        ("增速在全省排名第六位。", ("全省", 6, "全省排名第六位")),
        ("居全国第13位，", ("全国", 13, "居全国第13位")),
        ("连续34年居全国首位，", ("全国", 1, "居全国首位")),
        ("是全省第一大消费城市", ("全省", 1, "全省第一")),
    ],
)
def test_ranks(text: str, rank: tuple[str | None, int, str]) -> None:
    [r] = find_ranks(text)
    assert (r.scope, r.position, r.text) == rank


@pytest.mark.parametrize(
    "text", ["深圳第二产业增加值", "第十八届泰山苗木花卉交易会", "打造中国集成电路第三极"]
)
def test_ordinals_that_are_not_ranks(text: str) -> None:
    assert find_ranks(text) == []


@pytest.mark.parametrize(("text", "number"), [("一", 1), ("十", 10), ("十三", 13), ("二十", 20), ("21", 21)])
def test_cn_number(text: str, number: int) -> None:
    assert cn_number(text) == number


def test_period_is_the_last_one_named_before_the_figure() -> None:
    text = "今年上半年，全区民生支出达到12亿元，完成全年计划的68%"
    assert find_period(text, text.index("12")) == "今年上半年"
    assert find_period("新增城镇就业4496人", 6) is None


@given(st.text())
def test_any_text_gives_figures_found_in_it(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.figure(text) in text


def test_a_quote_that_is_only_a_count_is_a_figure() -> None:
    assert figures("构建休闲康养片区等“7片”珠联璧合发展格局，“八抓20条”观摩会") == [(7, "片", None, None)]
    assert figures("打造“7片") == []  # a quote never closed holds no figure


# Group 1: measure words and units from the tables (units.tsv, CC-CEDICT's measure-words.tsv), real
# sentences of the 2025 provincial reports.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("粮食产量726.8亿斤", [(726.8, "亿斤", None, None)]),
        ("粮食亩均产量提高24.2斤", [(24.2, "斤", None, None)]),
        ("拆除违规广告设施415块", [(415, "块", None, None)]),
        ("奥运会获得3块金牌、残奥会获得8块金牌", [(3, "块", None, None), (8, "块", None, None)]),
        ("累计发射117颗卫星", [(117, "颗", None, None)]),
        ("获世界三大赛奖牌36枚", [(36, "枚", None, None)]),
        ("中欧班列累计开行1.3万列", [(1.3, "万列", None, None)]),
        ("算力规模超过55Eflops", [(55, "Eflops", "超过", None)]),
        ("总算力突破7000PF", [(7000, "PF", "突破", None)]),
        ("新能源电池产能达38GWh", [(38, "GWh", None, None)]),
        ("可再生能源发电量超1000亿度", [(1000, "亿度", "超", None)]),
        ("集装箱吞吐量达500万标箱", [(500, "万标箱", None, None)]),
        ("节约能源1600万吨标准煤", [(1600, "万吨标准煤", None, None)]),
        ("新增优质白酒产能5万千升", [(5, "万千升", None, None)]),
        ("海南长臂猿恢复至7群42只", [(7, "群", None, None), (42, "只", None, None)]),
        ("有效应对14轮强降雨", [(14, "轮", None, None)]),
        ("公共服务质量满意度81.6分", [(81.6, "分", None, None)]),
        ("引水量370亿方", [(370, "亿方", None, None)]),
        ("惠及70多万群众", [(70, "万", "多", None)]),  # 群众 is people, no measure word
        ("地区生产总值连续10个季度超过全国平均水平", [(10, "个季度", None, None)]),
        # a bare order of magnitude reached or passed: one of it (BARE_MAGNITUDE)
        ("财政民生支出首次突破万亿元", [(1, "万亿元", "突破", None)]),
        ("带动汽车销售超千亿元", [(1000, "亿元", "超", None)]),
        ("技术合同交易额突破百亿", [(100, "亿", "突破", None)]),
        ("旅游收入破万亿", [(1, "万亿", None, None)]),
        ("工业互联网平台设备连接数突破千万台", [(1000, "万台", "突破", None)]),
        ("西部陆海新通道海铁联运班列年开行突破万列", [(1, "万列", "突破", None)]),
        ("建成千亿级产业集群", []),  # a class
        ("新签约亿元以上项目35个", [(35, "个", None, None)]),  # 签约's 约 hedges nothing; a class
        ("培育超百亿、超千亿产业链", []),
        # a hedge character that ends a word is the word's (not-hedges.tsv)
        ("节约资金3亿元", [(3, "亿元", None, None)]),
        ("新签约项目投资10亿元", [(10, "亿元", None, None)]),
        ("总投资约10亿元", [(10, "亿元", "约", None)]),
        ("发放补贴近3亿元", [(3, "亿元", "近", None)]),  # 补贴 takes 贴: 近 hedges
        ("完成设备更新近5000台", [(5000, "台", "近", None)]),
        ("覆盖率几近100%", [(100, "%", "近", None)]),  # 几近 is a hedge itself
        ("打造超千亿元级产业集群", []),  # a class: the unit is taken whole before 级
        ("新材料产业规模达到千亿元级", []),
        ("培育超千亿产业集群3个", [(3, "个", None, None)]),  # counted after: a class
        ("新开工超10亿元投资项目50个", [(50, "个", None, None)]),
        ("新开通156条定制公交专线", [(156, "条", None, None)]),  # lines counted, not a line's number
        ("开通300余条城乡客运专线", [(300, "条", "余", None)]),
        # a countable noun that opens with a measure word is what is counted (counted-nouns.tsv)
        ("惠及3万多家庭", [(3, "万", "多", None)]),
        ("吸纳3000多人员就业", [(3000, None, "多", None)]),
        ("惠及800余家庭", [(800, None, "余", None)]),
        ("联合12部门印发方案", [(12, None, None, None)]),
    ],
)
def test_measure_words(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "是新中国成立75周年",  # an anniversary
        "建设500千伏主网工程",  # sizes that name a class of things
        "12英寸晶圆制造产线投产",
        "打造15分钟生活圈",
        "实施240小时过境免签政策",
        "加快六盘水建设",  # CC-CEDICT's special measure words never follow a Chinese numeral
        "吸引四面八方的客商",
        "十分重要",
        "车之两轮",
        "推出营商环境3.0方案",
    ],
)
def test_measure_words_that_count_nothing(text: str) -> None:
    assert figures(text) == []


# Group 7: a numeral that names a list, a doctrine or a class counts nothing (quotes are one signal;
# these stand without them).
@pytest.mark.parametrize(
    "text",
    [
        "协调推进四个全面战略布局",
        "统筹推进五位一体总体布局",
        "严格落实中央八项规定精神",
        "坚决做到两个维护",
        "坚持两个毫不动摇",
        "12345市民服务热线接通率",  # a telephone line's number
        "畅通12345政务服务便民热线",
        "开通12315投诉举报热线",
        "发布2024县域重点产业链发展白皮书",  # a year; 县域 is the county's area
        "一定要深刻把握五个“必须统筹好”",
        "深入实施三个“一号工程”和“十项重大工程”",
        "深入抓好两个“关键小事”",
        "深刻领会两个“确立”的决定性意义",
        "坚决打好三大攻坚战",
        "深入实施百县千镇万村高质量发展工程",
        "国考断面水质稳定达到准四类水质",
        "动态消除黑臭水体和劣五类水体",
        "在四大一线城市中排名第一",
        "在全国八大枢纽节点布局",
    ],
)
def test_numbered_names_are_not_figures(text: str) -> None:
    assert figures(text) == []


# A numeral + 大 + noun names a class of things (issue #12 item 7), in any numerals: the report's
# own programme, never a count of it; a 大 after a counter begins the counted noun (`8个大科学装置`).
@pytest.mark.parametrize(
    "text",
    [
        "重点培育海参、人参、梅花鹿等十大特色农业产业",
        "工业机器人产业入围全国质量强链十大标志性项目",
        "“一链一策”推动10大产业加快发展",
        "聚焦新兴产业和未来产业10大新兴产业",
        "积极布局元宇宙等四大产业领域",
        "持续推进治本攻坚八大行动",
        "实施八大攻坚行动，打造十大文化品牌",
        "开展扩能增量、提质增品、降本增利、提效增值四大重点行动",
        "提升广州、深圳两大中心城市发展能级",
        "增强四大都市区辐射带动作用",
        "以先进制造业高地3大标志性工程为牵引",
        "全力打好汽车、钢铁、化工三大产业转型攻坚战",
    ],
)
def test_numeral_da_names_a_class(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建成大科学装置8个", [(8, "个", None, None)]),
        # digits after an open list tally its kinds (the bundled report; 湖北 2025)
        ("持续发展壮大数字经济、高端装备制造、纺织服装等5大产业", [(5, "大", None, None)]),
        ("积极布局人工智能、元宇宙等4大产业领域", [(4, "大", None, None)]),
        ("实施节能降碳改造、绿色技术推广等10大绿色转型工程", [(10, "大", None, None)]),
        ("1家国家实验室、8个大科学装置", [(1, "家", None, None), (8, "个", None, None)]),
        ("新建三个大型水库", [(3, "个", None, None)]),
    ],
)
def test_real_counts_with_da_still_count(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


# A Chinese numeral and a place counter right after a standard regional name name the region's
# members as a group; in digits (a tally), or after a province or a plain noun, they count.
@pytest.mark.parametrize(
    "text",
    [
        "推进沿海六市陆海统筹、港城联动",
        "推动东北三省一区人才一体化发展",
        "深化与长三角三省一市合作",
        "京津冀三地协同推进",
    ],
)
def test_region_groups_are_names(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("沙洋、秭归等4个县市获评全国村庄清洁行动先进县", [(4, "个", None, None)]),
        ("15个县市入选全国县域商业领跑县", [(15, "个", None, None)]),
        ("实现九市一区全覆盖", [(9, "市", None, None)]),
        ("云南16市州全覆盖", [(16, "市", None, None)]),
        ("开展黄河流域4市州省级环保督察", [(4, "市", None, None)]),
        ("粤港澳大湾区9市经济总量", [(9, "市", None, None)]),
        ("支持皖北6市承接产业转移", [(6, "市", None, None)]),
    ],
)
def test_place_counts_still_count(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实现九市一区全覆盖", [(9, "市", None, None)]),  # places counted (a lone 一 is no count)
        ("全长1.3万公里的三个一号旅游公路", [(1.3, "万公里", None, None), (3, "个", None, None)]),
        ("全市37个工业行业大类中，32个行业增加值增长", [(37, "个", None, None), (32, "个", None, None)]),
        ("公共服务设施、区域综合等五类更新改造", [(5, "类", None, None)]),
    ],
)
def test_numbered_counts_still_count(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count that restates, item for item, the length of the list right before it
        ("全疆基本养老、失业、工伤三项社会保险参保2654.39万人次", [(2654.39, "万人次", None, None)]),
        ("养老、医疗、失业、工伤四项保险扩面增效", []),
        ("深入开展基础教育提升、医疗卫生发展、职业培训创新三项工程", []),
        ("健全完善周例会调度、每日工作动态、情况反馈、督查落实、考核评价五项工作机制", []),
        ("数据要素、知识模型、工具软件、人才技能四类清单", []),
        ("以及工业、农业、服务业三类产业拟招商项目", []),
        # places and things listed, in any numerals, the last item joined by 和
        ("玛尔挡、羊曲两座百万千瓦级水电站全容量并网发电", []),
        ("推进六盘山和贺兰山两个实验室建设", []),
        ("抓住消费、投资两个关键", []),
        ("总结推广金昌、白银、庆阳3个城市医疗集团建设试点", [(3, "个", None, None)]),  # not 3个市
        ("探索建立湘鄂渝黔四省边区协作发展机制", []),  # provinces by their one-character names
        # the instalments (批) another count came in
        ("两批34项“高效办成一件事”上线运行", [(34, "项", None, None)]),
        ("加快落地两批21个“高效办成一件事”重点事项", [(21, "个", None, None)]),
        ("新发布3批18项制度集成创新案例", [(18, "项", None, None)]),
        ("在全国率先上线两批21件“高效办成一件事”事项", [(21, "件", None, None)]),
        ("三批集中开工957个重大项目", [(957, "个", None, None)]),
    ],
)
def test_list_lengths_and_instalments_are_not_figures(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list left open with 等, items that are not listed, batches of visitors
        ("组建医药、环保、标检等3家专业化产业公司", [(3, "家", None, None)]),
        ("公共服务设施、区域综合等五类更新改造", [(5, "类", None, None)]),
        ("全年接待外国政要、驻华使节、媒体记者等516批团组", [(516, "批", None, None)]),
        ("组织出访447批、1955人次", [(447, "批", None, None), (1955, "人次", None, None)]),
        ("新增国家级开发区1家、总数达20家", [(1, "家", None, None), (20, "家", None, None)]),
        ("创建省级美丽乡村示范村、国家级美丽宜居村庄2个。", [(2, "个", None, None)]),  # what was made
        # things counted in digits: a statistic, not an enumeration
        ("新增铜基新材料、长三角（含江西）大飞机2个国家先进制造业集群", [(2, "个", None, None)]),
        ("建好福州、厦门、泉州3个省级人工智能产业园", [(3, "个", None, None)]),
        ("推进钢铁、有色、化工、建材4个重点行业绿色化改造全覆盖", [(4, "个", None, None)]),
        ("新增光子芯片、稀有金属材料2个国家级中小企业特色产业集群", [(2, "个", None, None)]),
        # places counted in digits too (湖北 2025: labelled as counts)
        ("咸丰、大冶、枝江3个县市入选全国乡村治理典型案例", [(3, "个", None, None)]),
        ("黄山、池州、安庆、宣城4市联合申报", [(4, "市", None, None)]),
    ],
)
def test_counts_beside_a_list_still_count(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "其中，亿元以上项目136；新开工亿元以上制造业项目29个",
            [(136, None, None, None), (29, "个", None, None)],
        ),
        ("在建项目2024，", []),  # a year-like number is no count
        ("其中新开工项目12、续建项目30。", [(12, None, None, None), (30, None, None, None)]),
    ],
)
def test_a_bare_count_after_the_things_it_counts(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected


# Real sentences of the provincial reports of 2025 and the bundled corpus; each list is every figure.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote that lost its close (another opening mark of its kind comes first) quotes nothing
        (
            "培育国家级专精特新“小巨人企业414家，制造业“单项冠军”企业51家，规上工业企业2.8万家，"
            "高新技术企业1.3万家，科技型中小企业2.9万家。",
            [(414, "家"), (51, "家"), (2.8, "万家"), (1.3, "万家"), (2.9, "万家")],
        ),
        # a quote never closed in what is left quotes to its clause's end only
        (
            "对于东莞全年GDP破万亿的目标还是应该保持谨慎乐观态度，“未来一段时间国内外疫情防控形势仍存在"
            "不确定性，预计新增就业5万人",
            [(1, "万亿"), (5, "万人")],  # 破万亿: one 万亿, the bare order of magnitude reached
        ),
        # quotes that pair still hold codes and names
        (
            "“7+28+N”产业链群对规上工业增长贡献率达72.4%，高技术制造业增加值增长12%",
            [(72.4, "%"), (None, None)],
        ),
    ],
)
def test_quotes_pair_as_written(text: str, expected: list[tuple[float | None, str | None]]) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快三门峡盆地油气资源接续基地建设。", []),
        ("联动济源、三门峡加快豫西转型发展提升南阳省域副中心城市功能", []),
        ("上海与六安对口合作新签约亿元以上项目35个。", [(35, "个")]),
        (
            "三亚经济圈在招商引资等领域建立常态化机制，新增政务服务通办事项22项，三乐旅游铁路三亚段开通运营。",
            [(22, "项")],
        ),
        ("建设好中蒙二连浩特—扎门乌德经济合作区，完成满洲里、二连浩特", []),
        ("完成五指山大叶茶碳足迹核算", []),
        # a short name that is a numeral and a counter counts unless written in full
        ("新购置三台设备，三台县新建学校两所", [(3, "台"), (2, "所")]),
        ("新增建设用地四平方公里", [(4, "平方公里")]),
    ],
)
def test_a_numeral_in_a_place_name_counts_nothing(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("全省PM2.5平均浓度不超过35微克每立方米。", "不超过35微克每立方米", "微克每立方米"),
        ("细颗粒物平均浓度20.5微克/立方米，均保持全国前列。", "20.5微克/立方米", "微克/立方米"),
        ("全员劳动生产率16.8万元/人左右，研究与试验发展经费投入强度2.85%左右", "16.8万元/人左右", "万元/人"),
        (
            "新增危险废物利用处置能力130万吨/年，生活垃圾总处理能力提高到17.1万吨/日。",
            "130万吨/年",
            "万吨/年",
        ),
        ("商业平均电价每度下降，煤价稳定在600元每吨", "600元每吨", "元每吨"),
        ("单产达到6000千克每公顷", "6000千克每公顷", "千克每公顷"),
        # a period as the base (日, 月, 年), a price in 分: any unit per any other, no list of rates
        ("生活垃圾总处理能力提高到17.1万吨/日。", "17.1万吨/日", "万吨/日"),
        ("新增污水处理能力18.92万吨/日", "18.92万吨/日", "万吨/日"),
        ("城市、农村低保平均标准分别提高到778元/月、6818元/年", "778元/月", "元/月"),
        ("城市、农村低保平均标准分别提高到778元/月、6818元/年", "6818元/年", "元/年"),
        ("力争全省工商业电价较上年下降3分/千瓦时以上", "3分/千瓦时以上", "分/千瓦时"),
        ("全省工商业平均电价下降1分/千瓦时", "1分/千瓦时", "分/千瓦时"),
        ("建成400万吨/年煤制油项目", "400万吨/年", "万吨/年"),
        ("最大泄洪流量600立方米/秒", "600立方米/秒", "立方米/秒"),
    ],
)
def test_a_unit_per_another_is_one_unit(text: str, figure: str, unit: str) -> None:
    found = {text[q.start : q.end]: q.unit for q in find_quantities(text)}
    assert found.get(figure) == unit, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("培育一批全国县域经济百强县、经济总量千亿县、财政收入百亿县、城区人口超50万县。", []),
        ("推动百强县进位、千亿县扩容。", []),
        ("新增“百亿县”4个、总数达到40个。", [(4, "个"), (40, "个")]),
        # a place followed by 外 or 内 says whose the things counted are
        ("保持2300万省外劳动力和240万省外脱贫劳动力务工规模", [(2300, "万"), (240, "万")]),
        # places counted stay counts
        ("桂川黔滇4省区，覆盖8省市14镇街3片区", [(4, "省区"), (8, "省市"), (14, "镇街"), (3, "片区")]),
        ("加快培育1个万亿级主导产业集群、2个五千亿级支柱产业集群", [(1, "个"), (2, "个")]),
    ],
)
def test_a_place_sized_in_wan_or_yi_is_a_class(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # a measure word that begins a word after a bare multiplier: 台阶 is a step, not 台 machines
        ("庆阳经济总量迈上1200亿台阶", [(1200, "亿", None, None)]),
        ("经济总量跨上5万亿元台阶", [(5, "万亿元", None, None)]),
        ("新增5台设备", [(5, "台", None, None)]),
    ],
)
def test_a_word_a_measure_word_begins_is_no_unit(text: str, expected: list[Q]) -> None:
    assert figures(text) == expected
