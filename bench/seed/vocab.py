"""Word lists the benchmark dataset is drawn from.

Names are combined from parts (a Chinese surname and one or two given-name
characters; an English first and last name), so 200,000 candidates repeat names
about as often as a real database does. Resume bodies draw from ``COMMON_WORDS``
with Zipf-like weights plus a long tail of invented ``rare`` words (each in a
handful of resumes), so searches can be picked for any selectivity.
"""

from __future__ import annotations

import itertools

from interviews.models import Criterion, StageKind


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CHINESE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
CHINESE_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲兰飞鹏辉俊峰建国文斌宇浩凯晨欣怡佳琪雪梅婷慧颖晶"
    "瑶琳嘉鑫博磊昊然子轩梓涵一诺思远若曦雨欣浩宇晓东志强海燕春梅冬雪秋菊云龙天佑家豪嘉怡子豪诗涵"
)
ENGLISH_FIRST = _words(
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven "
    "Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Edward "
    "Deborah Ronald Stephanie Timothy Rebecca Jason Laura Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy Nicholas "
    "Shirley Eric Angela Jonathan Helen Stephen Anna Larry Brenda Justin Pamela Scott Nicole Brandon Emma Benjamin "
    "Samantha Samuel Katherine Gregory Christine Frank Debra Alexander Rachel Raymond Catherine Patrick Carolyn Jack "
    "Janet Dennis Ruth Jerry Maria Tyler Heather Aaron Diane Jose Virginia Adam Julie Henry Joyce Nathan Victoria"
)
ENGLISH_LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson "
    "Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
    "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long "
    "Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez"
)

TITLES_EN = (
    "Backend Engineer",
    "Senior Backend Engineer",
    "Frontend Engineer",
    "Full Stack Developer",
    "Data Engineer",
    "Data Scientist",
    "Machine Learning Engineer",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "Product Manager",
    "Product Designer",
    "QA Engineer",
    "Engineering Manager",
    "Risk Analyst",
    "Financial Analyst",
    "Account Manager",
    "Sales Director",
    "Marketing Manager",
    "Recruiter",
    "HR Business Partner",
)
TITLES_ZH = (
    "后端开发工程师",
    "高级后端工程师",
    "前端工程师",
    "全栈工程师",
    "数据工程师",
    "数据科学家",
    "算法工程师",
    "运维工程师",
    "产品经理",
    "交互设计师",
    "测试工程师",
    "技术经理",
    "风控分析师",
    "财务分析师",
    "客户经理",
    "销售总监",
    "市场经理",
    "招聘专员",
)
COMPANIES_EN = (
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Adventure Works",
    "Tailspin Toys",
    "Wide World Importers",
    "Woodgrove Bank",
    "Litware",
    "Proseware",
    "Lucerne Publishing",
    "Alpine Ski House",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Fourth Coffee",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Margie's Travel",
    "Trey Research",
    "Wingtip Toys",
    "Lakeshore Capital",
)
COMPANIES_ZH = (
    "华星科技",
    "蓝海数据",
    "云途软件",
    "新桥电商",
    "长风物流",
    "星河互娱",
    "九州云",
    "启明教育",
    "锦程金融",
    "恒信银行",
    "瑞和证券",
    "汇通保险",
    "远航汽车",
    "青松医疗",
    "万象传媒",
)
SKILLS = (
    "Python",
    "Django",
    "PostgreSQL",
    "Redis",
    "Celery",
    "Go",
    "Java",
    "Kotlin",
    "Rust",
    "TypeScript",
    "React",
    "Vue",
    "Kubernetes",
    "Docker",
    "AWS",
    "Kafka",
    "Spark",
    "SQL",
    "Tableau",
    "Excel",
    "Figma",
    "Salesforce",
    "Terraform",
    "GraphQL",
    "PyTorch",
    "TensorFlow",
)
# (location, time zone): Chinese speakers mostly in China.
LOCATIONS_ZH = (
    ("上海", "Asia/Shanghai"),
    ("北京", "Asia/Shanghai"),
    ("杭州", "Asia/Shanghai"),
    ("深圳", "Asia/Shanghai"),
)
LOCATIONS_EN = (
    ("London, UK", "Europe/London"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("Singapore", "Asia/Singapore"),
    ("San Francisco, CA", "America/Los_Angeles"),
    ("New York, NY", "America/New_York"),
    ("Toronto, Canada", "America/Toronto"),
)
# ASCII single words: the search document lists tags in name order, and these
# sort the same in Python and under any database collation.
TAGS = ("backend", "bilingual", "fintech", "frontend", "leadership", "passive", "relocation", "remote", "senior")
SOURCES = (
    ("Bench job board", "job_board"),
    ("Bench referral", "referral"),
    ("Bench sourced", "sourced"),
    ("Bench career site", "career_site"),
    ("Bench agency", "agency"),
)

SUMMARIES_ZH = (
    "多年互联网行业经验，熟悉高并发系统的设计与优化。",
    "负责核心业务系统的架构设计，带领团队完成多个重点项目。",
    "具备良好的沟通能力和团队合作精神，能够承受工作压力。",
    "熟悉数据分析与建模，推动业务指标持续增长。",
    "主导产品从零到一的规划与落地，用户规模增长三倍。",
    "在金融行业从事风险管理工作，熟悉监管要求。",
)

COMMON_WORDS = _words(
    "the and of to in with for on as by team led built designed managed developed improved delivered "
    "project projects system systems service services platform product customers users data pipeline "
    "performance latency reliability scalable distributed architecture backend frontend api apis database "
    "python java go sql postgresql redis kafka kubernetes docker aws cloud react typescript testing "
    "automation deployment monitoring migration analytics reporting dashboard stakeholders requirements "
    "roadmap strategy growth revenue budget risk compliance process processes operations quality review "
    "mentored hired coached engineers analysts designers partners clients vendors launched shipped reduced "
    "increased saved cost costs time weeks months years senior lead principal manager director owner "
    "responsible collaborated cross functional agile scrum sprint planning documentation security privacy "
    "payments billing search recommendation machine learning model models training experiment experiments "
    "metrics conversion retention onboarding support incident incidents oncall infrastructure network "
    "storage cache caching queue queues workers jobs batch realtime streaming integration integrations "
    "mobile web ios android design research interviews hiring recruiting budgets forecasting modelling "
    "excel finance accounting audit controls policy policies sales marketing campaigns brand content "
    "partnership negotiation contracts procurement logistics supply chain inventory warehouse shanghai "
    "beijing london singapore hong kong remote office global regional international bilingual english "
    "chinese mandarin cantonese degree university bachelor master computer science engineering economics"
)
# Invented words, each found in a few resumes: searches for them are "rare".
_SYLLABLES = ("ka", "lo", "mi", "ze", "ru", "va", "ti", "po", "xe", "qu", "no", "da", "fi", "go", "be", "su")
RARE_WORDS = tuple("".join(parts) for parts in itertools.product(_SYLLABLES, repeat=4))  # 65,536 words

# The stage lists of the plan templates (6, 7 and 8 stages):
# (kind, name, minutes, interviewers needed, SLA days).
_SCREEN = (StageKind.SCREENING, "Recruiter screen", 30, 1, 3)
_PHONE = (StageKind.PHONE, "Hiring manager call", 45, 1, 5)
_TECH = (StageKind.TECHNICAL, "Technical interview", 90, 2, 5)
_TECH2 = (StageKind.TECHNICAL, "System design", 90, 2, 5)
_TAKE_HOME = (StageKind.TECHNICAL, "Take-home review", 60, 1, 5)
_BEHAVIOUR = (StageKind.BEHAVIOURAL, "Behavioural interview", 60, 2, 5)
_FINAL = (StageKind.FINAL, "Final interview", 60, 2, 3)
_OFFER = (StageKind.OFFER, "Offer", 30, 1, 7)
PLANS = {
    "Bench plan, 6 stages": (_SCREEN, _PHONE, _TECH, _BEHAVIOUR, _FINAL, _OFFER),
    "Bench plan, 7 stages": (_SCREEN, _PHONE, _TECH, _TECH2, _BEHAVIOUR, _FINAL, _OFFER),
    "Bench plan, 8 stages": (_SCREEN, _PHONE, _TAKE_HOME, _TECH, _TECH2, _BEHAVIOUR, _FINAL, _OFFER),
}
SKILLS_G, BEHAVIOUR_G, CULTURE_G = Criterion.Group.SKILLS, Criterion.Group.BEHAVIOUR, Criterion.Group.CULTURE_FIT
# stage kind: [(group, criterion, weight, required)]
CRITERIA = {
    StageKind.SCREENING: [(SKILLS_G, "Relevant experience", 2, True), (BEHAVIOUR_G, "Communication", 1, True)],
    StageKind.PHONE: [(SKILLS_G, "Depth of experience", 2, True), (CULTURE_G, "Team fit", 1, False)],
    StageKind.TECHNICAL: [
        (SKILLS_G, "Problem solving", 3, True),
        (SKILLS_G, "Code quality", 2, True),
        (SKILLS_G, "System design", 2, True),
        (BEHAVIOUR_G, "Collaboration", 1, False),
    ],
    StageKind.BEHAVIOURAL: [
        (BEHAVIOUR_G, "Ownership", 2, True),
        (BEHAVIOUR_G, "Handling feedback", 1, True),
        (CULTURE_G, "Values alignment", 1, True),
    ],
    StageKind.FINAL: [
        (SKILLS_G, "Overall capability", 2, True),
        (BEHAVIOUR_G, "Leadership", 1, True),
        (CULTURE_G, "Long-term potential", 1, False),
    ],
    StageKind.OFFER: [(CULTURE_G, "Enthusiasm for the offer", 1, True)],
}
RATING_NOTES = (
    "",
    "",
    "Clear examples, good depth.",
    "Some gaps under follow-up questions.",
    "Strong signal here.",
    "Needed hints to get there.",
    "回答清晰，有实际案例。",
)
SUMMARIES = ("Solid interview overall.", "Mixed signals; see notes.", "Would hire.", "Not at the bar yet.", "")
FEEDBACK_TEXT = ("Friendly panel.", "Clear process.", "Too many rounds.", "Slow to hear back.", "流程清晰。", "")
