"""What the demo agency is made of: its people, plans, clients, jobs, pipelines
and the words they write. Plain data; ``demo.builder`` turns it into rows."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import Role
from candidates.models import Source
from interviews.models import Criterion, StageKind
from jobs.models import Job, JobMember

SEED = 20260611
INTERVIEW_KINDS = {StageKind.SCREENING, StageKind.PHONE, StageKind.TECHNICAL, StageKind.BEHAVIOURAL, StageKind.FINAL}

# --- The cast ---------------------------------------------------------------------

# Panelists and colleagues beyond the seven demo logins, so panels have 2–3
# people. They have no usable password: nobody logs in as them.
EXTRA_USERS = [
    ("wei.zhang@demo.test", "张炜", Role.INTERVIEWER, "zh-hans", "Asia/Shanghai"),
    ("min.chen@demo.test", "陈敏", Role.INTERVIEWER, "zh-hans", "Asia/Shanghai"),
    ("sarah.jones@demo.test", "Sarah Jones", Role.INTERVIEWER, "en", "Europe/London"),
    ("tom.baker@demo.test", "Tom Baker", Role.INTERVIEWER, "en", "Asia/Shanghai"),
    ("jun.liu@demo.test", "刘军", Role.RECRUITER, "zh-hans", "Asia/Shanghai"),
    ("emma.clark@demo.test", "Emma Clark", Role.HIRING_MANAGER, "en", "Asia/Hong_Kong"),
]


# --- Interview plans ---------------------------------------------------------------

BEHAVIOUR_RUBRIC = {
    "1": "Vague or off-topic; no example of their own.",
    "2": "A relevant example, thin on what they did themselves.",
    "3": "A clear, specific example with their own contribution and the result.",
    "4": "Specific and reflective: impact, trade-offs and what they would do differently.",
}
TECHNICAL_RUBRIC = {
    "1": "Could not make progress even with hints.",
    "2": "Reached a partial solution with substantial help.",
    "3": "A working solution; explained trade-offs when asked.",
    "4": "A clean solution, tested, trade-offs raised unprompted.",
}

# slug: (competency, question, what a good answer shows, technical rubric?)
QUESTIONS = {
    "motivation": (
        "Motivation",
        "What draws you to this role, and why now?",
        "Reasons tied to the team and the work, not only the title or the pay.",
        False,
    ),
    "current_role": (
        "Experience",
        "Walk me through your current role: the team, your scope and what you own.",
        "A clear picture of scope and ownership, with numbers where they matter.",
        False,
    ),
    "logistics": (
        "Logistics",
        "Which notice period, location and working arrangement would work for you?",
        "Concrete answers; no surprises later in the process.",
        False,
    ),
    "proud_project": (
        "沟通表达",
        "请用两分钟介绍一个你最有成就感的项目。",
        "结构清晰，讲清楚背景、本人职责和结果。",
        False,
    ),
    "complex_project": (
        "Experience",
        "Describe the most complex project you delivered in the last two years.",
        "Owns the hard parts; explains why it was complex and how they handled it.",
        False,
    ),
    "incomplete_info": (
        "Judgement",
        "Tell me about a decision you made with incomplete information.",
        "Names the risk, how they limited it and how they checked the outcome.",
        False,
    ),
    "first_90_days": (
        "Role fit",
        "What would you want to achieve in your first 90 days here?",
        "Realistic goals that show they understood the role.",
        False,
    ),
    "design_reminders": (
        "System design",
        "Design a service that sends interview reminders to 100,000 candidates a day.",
        "Queues, idempotency, retries, time zones, and how to observe it.",
        True,
    ),
    "slow_query": (
        "Databases",
        "A query that took 50 ms now takes 5 s. How do you find out why?",
        "EXPLAIN ANALYZE, statistics, indexes, data growth, locks; a method, not guesses.",
        True,
    ),
    "merge_slots": (
        "Coding",
        "Write a function that merges overlapping time slots, then test it.",
        "Sorts first, handles touching and empty slots, writes the tests unprompted.",
        True,
    ),
    "code_review": (
        "Code review",
        "Review this pull request: what would you change before merging, and why?",
        "Prioritises correctness and clarity over style nits; kind and specific.",
        True,
    ),
    "react_form": (
        "Frontend",
        "How would you keep a large React form fast and accessible?",
        "Controlled vs uncontrolled inputs, memoisation, labels, focus and errors.",
        True,
    ),
    "dedupe_pipeline": (
        "Data engineering",
        "Design a daily pipeline that deduplicates candidate records from three sources.",
        "Normalisation, blocking keys, fuzzy matching, idempotent reruns, data quality checks.",
        True,
    ),
    "pd_model": (
        "Risk modelling",
        "How would you build a probability-of-default model for small-business loans?",
        "Data, target definition, validation, monitoring and regulatory constraints.",
        True,
    ),
    "disagreement": (
        "Collaboration",
        "Tell me about a time you disagreed with a colleague. What happened?",
        "Listens, argues with data, commits once decided.",
        False,
    ),
    "went_wrong": (
        "Ownership",
        "Describe something that went wrong on your watch. What did you do next?",
        "Takes responsibility, fixes the cause, shares the lesson.",
        False,
    ),
    "feedback": (
        "Growth",
        "Tell me about the most useful feedback you have received.",
        "Specific feedback, and a visible change in behaviour afterwards.",
        False,
    ),
    "pressure": (
        "抗压能力",
        "请讲述一次你在很大压力下按时交付的经历。",
        "能说明如何排优先级、沟通风险，以及事后的复盘。",
        False,
    ),
    "say_no": (
        "Stakeholders",
        "Describe a time you had to say no to a senior stakeholder.",
        "Respectful, offers alternatives, explains the trade-off.",
        False,
    ),
    "values": (
        "Values",
        "Which of our values resonates most with you, and where have you lived it?",
        "A real example, not a recital of the careers page.",
        False,
    ),
    "three_years": (
        "Growth",
        "Where do you want to be in three years, and how does this role help?",
        "Ambition that fits what the role can offer.",
        False,
    ),
    "raised_bar": (
        "Leadership",
        "Tell me about a time you raised the bar for your team.",
        "Changed how the team works, not only their own output.",
        False,
    ),
    "easy_yes": (
        "Decision",
        "What would make this offer an easy yes for you?",
        "Clear priorities; no hidden deal-breakers.",
        False,
    ),
    "start_date": (
        "Logistics",
        "Which start date is realistic, given your notice period?",
        "A date they can commit to.",
        False,
    ),
    "other_processes": (
        "Decision",
        "Are you in other processes we should know about?",
        "Open about timelines so we can move at the right pace.",
        False,
    ),
}

# stage kind: (kit name, question slugs)
KITS = {
    StageKind.SCREENING: ("Recruiter screen kit", ["motivation", "current_role", "logistics", "proud_project"]),
    StageKind.PHONE: ("Hiring manager call kit", ["complex_project", "incomplete_info", "first_90_days"]),
    StageKind.TECHNICAL: ("Technical interview kit", ["design_reminders", "slow_query", "merge_slots", "code_review"]),
    StageKind.BEHAVIOURAL: (
        "Behavioural interview kit",
        ["disagreement", "went_wrong", "feedback", "pressure", "say_no"],
    ),
    StageKind.FINAL: ("Final interview kit", ["values", "three_years", "raised_bar", "disagreement"]),
    StageKind.OFFER: ("Offer conversation kit", ["easy_yes", "start_date", "other_processes"]),
}

# stage kind: (scorecard name, [(group, criterion, what it looks for, weight, required)])
SKILLS, BEHAVIOUR, CULTURE = Criterion.Group.SKILLS, Criterion.Group.BEHAVIOUR, Criterion.Group.CULTURE_FIT
SCORECARDS = {
    StageKind.SCREENING: (
        "Recruiter screen scorecard",
        [
            (SKILLS, "Relevant experience", "experience that matches the must-haves", 2, True),
            (BEHAVIOUR, "Communication", "clear, structured communication", 1, True),
            (CULTURE, "Motivation", "motivation for this role in particular", 1, False),
        ],
    ),
    StageKind.PHONE: (
        "Hiring manager call scorecard",
        [
            (SKILLS, "Depth of experience", "depth in the areas the team needs", 2, True),
            (BEHAVIOUR, "Judgement", "sound judgement under uncertainty", 1, True),
            (CULTURE, "Team fit", "a way of working that suits the team", 1, False),
        ],
    ),
    StageKind.TECHNICAL: (
        "Technical interview scorecard",
        [
            (SKILLS, "Problem solving", "structured problem solving", 3, True),
            (SKILLS, "Code quality", "readable, tested, correct code", 2, True),
            (SKILLS, "System design", "sound design and trade-offs", 2, True),
            (BEHAVIOUR, "Collaboration while solving", "thinking aloud and using hints well", 1, True),
            (CULTURE, "Ownership", "ownership of quality beyond the task", 1, False),
        ],
    ),
    StageKind.BEHAVIOURAL: (
        "Behavioural interview scorecard",
        [
            (BEHAVIOUR, "Collaboration", "working well with others through disagreement", 2, True),
            (BEHAVIOUR, "Ownership", "taking responsibility for outcomes", 2, True),
            (BEHAVIOUR, "Handling feedback", "seeking and acting on feedback", 1, True),
            (CULTURE, "Values alignment", "behaviour that matches our values", 1, True),
        ],
    ),
    StageKind.FINAL: (
        "Final interview scorecard",
        [
            (SKILLS, "Overall capability", "capability for the level of the role", 2, True),
            (BEHAVIOUR, "Leadership", "raising the bar for others", 1, True),
            (CULTURE, "Values alignment", "behaviour that matches our values", 2, True),
            (CULTURE, "Long-term potential", "room to grow with the company", 1, False),
        ],
    ),
    StageKind.OFFER: (
        "Offer readiness scorecard",
        [
            (CULTURE, "Enthusiasm for the offer", "enthusiasm for the team and the offer", 1, True),
            (BEHAVIOUR, "Clear expectations", "clear, realistic expectations", 1, False),
        ],
    ),
}

# (kind, name, goal, minutes, interviewers needed, SLA days)
ENGINEERING_STAGES = [
    (StageKind.SCREENING, "Recruiter screen", "Confirm experience, motivation and logistics.", 30, 1, 3),
    (StageKind.PHONE, "Hiring manager call", "Scope, depth of experience and team fit.", 45, 1, 5),
    (StageKind.TECHNICAL, "Technical interview", "Problem solving, coding and system design.", 90, 2, 5),
    (StageKind.BEHAVIOURAL, "Behavioural interview", "How they work with others and own outcomes.", 60, 2, 5),
    (StageKind.FINAL, "Final interview", "Values, potential and the final call.", 60, 2, 3),
    (StageKind.OFFER, "Offer", "Agree terms and a start date.", 30, 1, 7),
]
BUSINESS_STAGES = [
    (StageKind.SCREENING, "Recruiter screen", "Confirm experience, motivation and logistics.", 30, 1, 3),
    (StageKind.PHONE, "Hiring manager call", "Scope, depth of experience and team fit.", 45, 1, 5),
    (StageKind.BEHAVIOURAL, "Competency interview", "Stakeholders, judgement and ownership.", 60, 2, 5),
    (StageKind.FINAL, "Case study & final", "A short case presented to the panel.", 90, 2, 3),
    (StageKind.OFFER, "Offer", "Agree terms and a start date.", 30, 1, 7),
]
# The same plans as a Chinese-speaking recruiter types them. Stage names are
# the team's own words in one language: a job copies the plan in its
# recruiter's language (PLAN_NAMES), and the reports compare jobs by stage
# kind, whose labels are translated, never by these names.
ENGINEERING_STAGES_ZH = [
    (StageKind.SCREENING, "顾问初筛", "确认工作经历、求职动机和到岗安排。", 30, 1, 3),
    (StageKind.PHONE, "用人经理电话面试", "了解职责范围、经验深度与团队匹配度。", 45, 1, 5),
    (StageKind.TECHNICAL, "技术面试", "考察问题解决、编码与系统设计能力。", 90, 2, 5),
    (StageKind.BEHAVIOURAL, "行为面试", "了解协作方式与对结果的担当。", 60, 2, 5),
    (StageKind.FINAL, "终面", "价值观、发展潜力与最终决定。", 60, 2, 3),
    (StageKind.OFFER, "录用沟通", "确定薪酬条件与入职日期。", 30, 1, 7),
]
BUSINESS_STAGES_ZH = [
    (StageKind.SCREENING, "顾问初筛", "确认工作经历、求职动机和到岗安排。", 30, 1, 3),
    (StageKind.PHONE, "用人经理电话面试", "了解职责范围、经验深度与团队匹配度。", 45, 1, 5),
    (StageKind.BEHAVIOURAL, "胜任力面试", "考察干系人管理、判断力与主人翁意识。", 60, 2, 5),
    (StageKind.FINAL, "案例分析与终面", "向面试小组陈述一个简短案例。", 90, 2, 3),
    (StageKind.OFFER, "录用沟通", "确定薪酬条件与入职日期。", 30, 1, 7),
]
# plan: language: (name, description, stages)
PLANS = {
    "engineering": {
        "en": (
            "Engineering hiring plan",
            "Six stages for engineering roles, with a technical and a behavioural round.",
            ENGINEERING_STAGES,
        ),
        "zh-hans": ("技术岗位招聘流程", "适用于技术岗位的六个阶段，包含技术面试和行为面试。", ENGINEERING_STAGES_ZH),
    },
    "business": {
        "en": ("Business roles plan", "Five stages ending in a case study presented to the panel.", BUSINESS_STAGES),
        "zh-hans": ("业务岗位招聘流程", "五个阶段，最后向面试小组陈述案例。", BUSINESS_STAGES_ZH),
    },
}

# --- Clients and jobs --------------------------------------------------------------

CLIENTS = {
    "A": ("Nebula Cloud 星云科技", False, "https://nebulacloud.example", "Cloud software, Shanghai and Hangzhou."),
    "B": ("Harbour Bank", False, "https://harbourbank.example", "Retail and commercial bank, Hong Kong and London."),
    "HOUSE": ("Bridgewell Talent (in-house)", True, "", "Our own hiring: recruiters and sourcers for the agency."),
}
CLIENT_TIME_ZONES = {"A": "Asia/Shanghai", "B": "Asia/Hong_Kong", "HOUSE": "Asia/Shanghai"}
CLIENT_ROOMS = {
    "A": "星云科技上海总部 12F 会议室 B",
    "B": "Harbour Bank, 8 Finance Street, Central · Room 21A",
    "HOUSE": "Bridgewell office, 3F meeting room",
}

# key: (client, title, status, location, headcount, plan, recruiter, team, description)
JOBS = {
    "backend": (
        "A",
        "Senior Backend Engineer (Python)",
        Job.Status.OPEN,
        "上海 Shanghai",
        2,
        "engineering",
        "recruiter",
        [("manager", JobMember.JobRole.HIRING_MANAGER), ("coordinator", JobMember.JobRole.COORDINATOR)],
        "负责招聘流程平台的后端服务。Own the backend services of our hiring platform: Django, PostgreSQL, Celery.",
    ),
    "frontend": (
        "A",
        "Frontend Engineer (React)",
        Job.Status.OPEN,
        "上海 Shanghai / Remote (China)",
        1,
        "engineering",
        "recruiter",
        [("manager", JobMember.JobRole.HIRING_MANAGER)],
        "打造面向企业客户的控制台。Build the console our enterprise customers use every day.",
    ),
    "data": (
        "A",
        "Data Engineer",
        Job.Status.ON_HOLD,
        "杭州 Hangzhou",
        1,
        "engineering",
        "recruiter",
        [("coordinator", JobMember.JobRole.COORDINATOR)],
        "On hold until the Q3 budget is confirmed. 数据平台建设，Spark 与 Airflow。",
    ),
    "design": (
        "A",
        "Product Designer",
        Job.Status.DRAFT,
        "上海 Shanghai",
        1,
        "engineering",
        "recruiter",
        [],
        "Draft: waiting for the hiring manager to confirm the level.",
    ),
    "risk": (
        "B",
        "Credit Risk Analyst",
        Job.Status.OPEN,
        "Hong Kong",
        1,
        "business",
        "recruiter2",
        [("emma.clark", JobMember.JobRole.HIRING_MANAGER)],
        "Model and monitor credit risk for the SME lending book. 需要粤语或普通话。",
    ),
    "compliance": (
        "B",
        "Compliance Officer (AML)",
        Job.Status.FILLED,
        "London",
        1,
        "business",
        "recruiter2",
        [("emma.clark", JobMember.JobRole.HIRING_MANAGER)],
        "Filled through a direct referral in the spring.",
    ),
    "recruiting": (
        "HOUSE",
        "Senior Technical Recruiter",
        Job.Status.OPEN,
        "上海 Shanghai",
        2,
        "business",
        "admin",
        [("jun.liu", JobMember.JobRole.RECRUITER)],
        "Grow our technology practice: full-cycle recruiting for engineering clients.",
    ),
    "sourcing": (
        "HOUSE",
        "Sourcing Specialist (contract)",
        Job.Status.CLOSED,
        "上海 Shanghai",
        1,
        "business",
        "jun.liu",
        [],
        "Closed: the contract was not renewed.",
    ),
}

# --- Candidates --------------------------------------------------------------------

CHINESE_PEOPLE = [
    ("王伟", "wang.wei"),
    ("李娜", "li.na"),
    ("张敏", "zhang.min"),
    ("刘洋", "liu.yang"),
    ("陈静", "chen.jing"),
    ("杨磊", "yang.lei"),
    ("赵丽", "zhao.li"),
    ("黄强", "huang.qiang"),
    ("周杰", "zhou.jie"),
    ("吴婷", "wu.ting"),
    ("徐明", "xu.ming"),
    ("孙悦", "sun.yue"),
    ("马超", "ma.chao"),
    ("朱琳", "zhu.lin"),
    ("胡斌", "hu.bin"),
    ("郭晶", "guo.jing"),
    ("何俊", "he.jun"),
    ("高峰", "gao.feng"),
    ("林芳", "lin.fang"),
    ("罗刚", "luo.gang"),
    ("郑爽", "zheng.shuang"),
    ("梁晨", "liang.chen"),
    ("谢雨", "xie.yu"),
    ("宋涛", "song.tao"),
    ("唐欣", "tang.xin"),
    ("许诺", "xu.nuo"),
    ("韩雪", "han.xue"),
    ("冯凯", "feng.kai"),
    ("邓超", "deng.chao"),
    ("曹颖", "cao.ying"),
    ("彭飞", "peng.fei"),
    ("曾晓", "zeng.xiao"),
    ("肖然", "xiao.ran"),
    ("田甜", "tian.tian"),
    ("董洁", "dong.jie"),
    ("袁浩", "yuan.hao"),
]
ENGLISH_PEOPLE = [
    "Emily Carter",
    "James Wilson",
    "Olivia Brown",
    "Daniel Smith",
    "Sophie Taylor",
    "Michael Johnson",
    "Charlotte Evans",
    "Benjamin Harris",
    "Grace Thompson",
    "William Walker",
    "Hannah White",
    "Thomas Wright",
    "Amelia Green",
    "Jack Robinson",
    "Isla Hughes",
    "Oliver Martin",
    "Lucy Hall",
    "Samuel Lewis",
    "Chloe Young",
    "Ethan King",
    "Mia Scott",
    "Henry Adams",
    "Ava Mitchell",
    "Noah Turner",
]


@dataclass(frozen=True)
class Family:
    """A kind of candidate: what they are called, know and have done."""

    titles_en: tuple[str, str]  # (senior, earlier): the current title is either, the previous one the earlier
    titles_zh: tuple[str, str]
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    summary_en: str
    summary_zh: str
    bullets_en: tuple[str, ...]
    bullets_zh: tuple[str, ...]
    degree_en: str
    degree_zh: str
    owner: str
    finance: bool = False
    zh_locations: tuple[str, ...] = ("上海", "上海", "杭州", "北京", "深圳")
    en_locations: tuple[str, ...] = ("London, UK", "San Francisco, CA", "New York, NY", "Shanghai, China")


FAMILIES = {
    "backend": Family(
        titles_en=("Senior Backend Engineer", "Backend Engineer"),
        titles_zh=("高级后端工程师", "后端开发工程师"),
        skills=("Python", "Django", "PostgreSQL", "Redis", "Celery", "Go", "Kubernetes", "AWS", "Kafka", "gRPC"),
        tags=("python", "backend"),
        summary_en="{years} years building backend services; comfortable owning a service from design to on-call.",
        summary_zh="{years} 年后端开发经验，能够独立负责服务从设计、开发到线上运维的全过程。",
        bullets_en=(
            "Cut p95 API latency from 800 ms to 120 ms by reworking queries and caching.",
            "Led the move of a monolith's billing module to its own service.",
            "Built an idempotent job queue processing 2M tasks a day.",
            "Mentored three junior engineers; introduced code review guidelines.",
        ),
        bullets_zh=(
            "通过优化查询与缓存，将接口 p95 延迟从 800 毫秒降至 120 毫秒。",
            "主导计费模块从单体应用中拆分为独立服务。",
            "设计并实现幂等任务队列，日处理任务 200 万。",
            "指导三名初级工程师，制定代码评审规范。",
        ),
        degree_en="BSc Computer Science",
        degree_zh="计算机科学与技术 学士",
        owner="recruiter",
    ),
    "frontend": Family(
        titles_en=("Frontend Engineer", "Web Developer"),
        titles_zh=("前端工程师", "Web 开发工程师"),
        skills=("TypeScript", "React", "Vue", "Next.js", "CSS", "Jest", "GraphQL", "Webpack", "Accessibility"),
        tags=("frontend", "react"),
        summary_en="{years} years shipping web applications; cares about performance and accessibility.",
        summary_zh="{years} 年前端开发经验，注重性能与可访问性。",
        bullets_en=(
            "Rebuilt the customer console in React and TypeScript; bundle size down 40%.",
            "Introduced a component library used by five product teams.",
            "Raised Lighthouse accessibility score from 62 to 98.",
            "Set up visual regression tests in CI.",
        ),
        bullets_zh=(
            "使用 React 与 TypeScript 重构客户控制台，包体积减少 40%。",
            "搭建组件库，被五个产品团队采用。",
            "将页面可访问性评分从 62 提升到 98。",
            "在持续集成中引入视觉回归测试。",
        ),
        degree_en="BSc Software Engineering",
        degree_zh="软件工程 学士",
        owner="recruiter",
    ),
    "data": Family(
        titles_en=("Data Engineer", "BI Developer"),
        titles_zh=("数据工程师", "BI 开发工程师"),
        skills=("Python", "SQL", "Spark", "Airflow", "Flink", "dbt", "Hive", "Kafka"),
        tags=("data", "python"),
        summary_en="{years} years building data pipelines and warehouses.",
        summary_zh="{years} 年数据平台与数据仓库建设经验。",
        bullets_en=(
            "Built the Airflow platform running 400 daily pipelines.",
            "Moved the warehouse to dbt; reports now rebuild in 20 minutes instead of 3 hours.",
            "Designed streaming ingestion with Flink for clickstream data.",
        ),
        bullets_zh=(
            "搭建 Airflow 调度平台，运行 400 条日常数据管道。",
            "将数据仓库迁移到 dbt，报表重建时间从 3 小时缩短到 20 分钟。",
            "基于 Flink 设计点击流实时接入方案。",
        ),
        degree_en="MSc Data Science",
        degree_zh="数据科学 硕士",
        owner="recruiter",
        zh_locations=("杭州", "杭州", "上海", "北京"),
    ),
    "design": Family(
        titles_en=("Product Designer", "UI Designer"),
        titles_zh=("产品设计师", "UI 设计师"),
        skills=("Figma", "User research", "Prototyping", "Design systems", "Usability testing"),
        tags=("design",),
        summary_en="{years} years designing B2B products, from research to pixel-perfect hand-off.",
        summary_zh="{years} 年 B 端产品设计经验，覆盖用户研究到交付。",
        bullets_en=(
            "Redesigned onboarding; activation up 18%.",
            "Created and maintained the company design system.",
            "Ran 30+ usability sessions a quarter with enterprise users.",
        ),
        bullets_zh=(
            "重新设计新手引导流程，激活率提升 18%。",
            "建立并维护公司设计系统。",
            "每季度组织 30 余场企业用户可用性测试。",
        ),
        degree_en="BA Interaction Design",
        degree_zh="交互设计 学士",
        owner="recruiter",
    ),
    "risk": Family(
        titles_en=("Credit Risk Analyst", "Risk Analyst"),
        titles_zh=("信用风险分析师", "风险分析专员"),
        skills=("Credit risk", "IFRS 9", "Basel III", "Python", "SAS", "SQL", "Stress testing"),
        tags=("risk", "fintech"),
        summary_en="{years} years in credit risk for retail and SME lending.",
        summary_zh="{years} 年零售及小微企业信贷风险管理经验。",
        bullets_en=(
            "Built the PD model for the SME book; Gini improved from 0.52 to 0.61.",
            "Ran the annual stress test submission to the regulator.",
            "Automated IFRS 9 provisioning reports in Python.",
        ),
        bullets_zh=(
            "搭建小微企业贷款违约概率模型，Gini 系数由 0.52 提升至 0.61。",
            "负责年度监管压力测试报送。",
            "使用 Python 实现 IFRS 9 拨备报表自动化。",
        ),
        degree_en="MSc Financial Engineering",
        degree_zh="金融工程 硕士",
        owner="recruiter2",
        finance=True,
        zh_locations=("香港", "深圳", "上海"),
        en_locations=("London, UK", "Hong Kong", "New York, NY"),
    ),
    "compliance": Family(
        titles_en=("Compliance Officer", "KYC Analyst"),
        titles_zh=("合规经理", "KYC 专员"),
        skills=("AML", "KYC", "Sanctions", "Regulatory reporting", "Policy writing", "Audit"),
        tags=("compliance", "fintech"),
        summary_en="{years} years in financial crime compliance.",
        summary_zh="{years} 年金融反洗钱与合规经验。",
        bullets_en=(
            "Rewrote the AML policy after a regulatory review; no findings the next year.",
            "Cut KYC onboarding time from 9 to 4 days.",
            "Trained 200 front-line staff on sanctions screening.",
        ),
        bullets_zh=(
            "监管检查后重写反洗钱制度，次年检查零问题。",
            "将客户尽职调查时间由 9 天缩短至 4 天。",
            "为 200 名一线员工开展制裁名单筛查培训。",
        ),
        degree_en="LLB Law",
        degree_zh="法学 学士",
        owner="recruiter2",
        finance=True,
        zh_locations=("香港", "上海"),
        en_locations=("London, UK", "Hong Kong"),
    ),
    "recruiting": Family(
        titles_en=("Technical Recruiter", "Talent Sourcer"),
        titles_zh=("技术招聘顾问", "人才寻访专员"),
        skills=("Sourcing", "Boolean search", "Stakeholder management", "ATS", "Employer branding", "Interviewing"),
        tags=("recruiting",),
        summary_en="{years} years recruiting engineers for fast-growing companies.",
        summary_zh="{years} 年互联网技术岗位招聘经验。",
        bullets_en=(
            "Hired 45 engineers in a year with a 92% offer acceptance rate.",
            "Built the referral programme; referrals grew to 35% of hires.",
            "Trained hiring managers on structured interviewing.",
        ),
        bullets_zh=(
            "一年内完成 45 名工程师招聘，offer 接受率 92%。",
            "搭建内推体系，内推入职占比提升至 35%。",
            "为用人经理开展结构化面试培训。",
        ),
        degree_en="BA Psychology",
        degree_zh="心理学 学士",
        owner="jun.liu",
        zh_locations=("上海", "上海", "北京"),
        en_locations=("Shanghai, China", "London, UK", "Singapore"),
    ),
    "product": Family(
        titles_en=("Product Manager", "Business Analyst"),
        titles_zh=("产品经理", "业务分析师"),
        skills=("Roadmapping", "SQL", "A/B testing", "User research", "Agile", "Analytics"),
        tags=("product",),
        summary_en="{years} years managing B2B SaaS products.",
        summary_zh="{years} 年 B 端 SaaS 产品管理经验。",
        bullets_en=(
            "Launched the self-serve plan; 1,200 paying teams in six months.",
            "Introduced quarterly discovery with customers.",
            "Cut churn by 3 points with a renewal health score.",
        ),
        bullets_zh=(
            "上线自助购买套餐，六个月内获得 1200 个付费团队。",
            "建立季度客户需求调研机制。",
            "建立续约健康度评分，流失率下降 3 个百分点。",
        ),
        degree_en="BEng Industrial Engineering",
        degree_zh="工业工程 学士",
        owner="recruiter",
    ),
}
# family: (Chinese names, English names); 36 + 24 = 60 candidates.
FAMILY_SIZES = {
    "backend": (11, 5),
    "frontend": (6, 4),
    "data": (4, 2),
    "design": (2, 2),
    "risk": (4, 5),
    "compliance": (2, 2),
    "recruiting": (4, 3),
    "product": (3, 1),
}

COMPANIES_ZH = ("华星科技", "蓝海数据", "云途软件", "新桥电商", "长风物流", "星河互娱", "九州云", "启明教育")
COMPANIES_EN = (
    "Globex Systems",
    "Initech",
    "Northwind Traders",
    "Brightline Software",
    "Fabrikam Health",
    "Acme Analytics",
    "Umbrella Payments",
)
FINANCE_ZH = ("锦程金融", "恒信银行", "瑞和证券", "汇通保险")
FINANCE_EN = ("Contoso Bank", "Woodgrove Bank", "Lakeshore Capital", "Tailspin Insurance")
UNIVERSITIES_ZH = ("复旦大学", "浙江大学", "上海交通大学", "华东师范大学", "中山大学", "武汉大学", "香港大学")
UNIVERSITIES_EN = ("University of Manchester", "University of Edinburgh", "UCLA", "King's College London", "NUS")

# location: (time zone, phone region)
LOCATIONS = {
    "上海": ("Asia/Shanghai", "cn"),
    "杭州": ("Asia/Shanghai", "cn"),
    "北京": ("Asia/Shanghai", "cn"),
    "深圳": ("Asia/Shanghai", "cn"),
    "香港": ("Asia/Hong_Kong", "hk"),
    "Hong Kong": ("Asia/Hong_Kong", "hk"),
    "Shanghai, China": ("Asia/Shanghai", "us"),
    "London, UK": ("Europe/London", "gb"),
    "San Francisco, CA": ("America/Los_Angeles", "us"),
    "New York, NY": ("America/New_York", "us"),
    "Singapore": ("Asia/Singapore", "sg"),
    "Toronto, Canada": ("America/Toronto", "ca"),
}
# Chinese names living abroad, writing in English.
OVERSEAS = ("London, UK", "Singapore", "Toronto, Canada")

SOURCES = [
    ("BOSS直聘", Source.Kind.JOB_BOARD),
    ("智联招聘", Source.Kind.JOB_BOARD),
    ("LinkedIn Jobs", Source.Kind.JOB_BOARD),
    ("Employee referral", Source.Kind.REFERRAL),
    ("Sourced on GitHub", Source.Kind.SOURCED),
    ("Sourced on LinkedIn", Source.Kind.SOURCED),
    ("Career site", Source.Kind.CAREER_SITE),
    ("Shanghai tech meetup", Source.Kind.EVENT),
    ("Partner agency", Source.Kind.AGENCY),
]
# The same channels as Chinese-speaking candidates know them: a source is
# named once, in the language of the people who come through it, so a
# candidate's profile and the sources report read naturally in both
# languages. Job boards already differ by language (``DemoAgency._source``).
SOURCE_NAMES_ZH = {
    "Employee referral": "员工内推",
    "Sourced on GitHub": "GitHub 主动寻访",
    "Sourced on LinkedIn": "脉脉主动寻访",
    "Career site": "公司官网",
    "Shanghai tech meetup": "上海技术沙龙",
    "Partner agency": "合作猎头",
}
EXTRA_TAGS = ("senior", "bilingual", "open to relocation", "remote only", "passive", "hot lead", "双语", "可立即到岗")


# --- Pipelines ---------------------------------------------------------------------

# job: [(outcome, stage index, rejection or withdrawal reason or "", note)]. Candidates of the
# job's family are taken in order.
ACTIVE, HIRED, REJECTED, WITHDRAWN = "active", "hired", "rejected", "withdrawn"


class R:
    """Codes of the seeded closing reasons (interviews.ClosingReason): rejection, then withdrawal."""

    SKILLS, CULTURE, COMPENSATION, LOCATION = "skills", "culture", "compensation", "location"
    OTHER_OFFER, NOT_INTERESTED, RELOCATION, OTHER = "accepted_other_offer", "not_interested", "location", "other"


PIPELINES = {
    "backend": [
        (ACTIVE, 0, "", ""),
        (ACTIVE, 0, "", ""),
        (ACTIVE, 0, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 3, "", ""),
        (ACTIVE, 4, "", ""),
        (ACTIVE, 5, "", ""),
        (HIRED, 5, "", ""),
        (REJECTED, 0, R.SKILLS, "Mostly frontend experience; not enough backend depth."),
        (REJECTED, 2, R.SKILLS, "Struggled with the system design exercise."),
        (REJECTED, 4, R.COMPENSATION, "Expectations well above the band."),
        (WITHDRAWN, 1, R.OTHER_OFFER, "Accepted a counter-offer from their current employer."),
    ],
    "frontend": [
        (ACTIVE, 0, "", ""),
        (ACTIVE, 0, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 4, "", ""),
        (REJECTED, 1, R.SKILLS, "Little experience with large React codebases."),
        (REJECTED, 2, R.CULTURE, "Preferred working alone; the role is very collaborative."),
        (WITHDRAWN, 0, R.NOT_INTERESTED, "Decided to stay with their current employer."),
    ],
    "data": [
        (ACTIVE, 0, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 2, "", ""),
        (REJECTED, 1, R.LOCATION, "Cannot relocate to Hangzhou."),
    ],
    "risk": [
        (ACTIVE, 0, "", ""),
        (ACTIVE, 0, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 3, "", ""),
        (ACTIVE, 4, "", ""),
        (REJECTED, 0, R.LOCATION, "Needs to stay in London."),
        (REJECTED, 3, R.SKILLS, "Case study lacked a validation approach."),
        (WITHDRAWN, 2, R.OTHER_OFFER, "Took another offer."),
    ],
    "recruiting": [
        (ACTIVE, 0, "", ""),
        (ACTIVE, 1, "", ""),
        (ACTIVE, 2, "", ""),
        (ACTIVE, 3, "", ""),
        (HIRED, 4, "", ""),
        (REJECTED, 2, R.CULTURE, "Agency-style targets did not appeal."),
    ],
    # Closed jobs keep their history: built while open, then filled or closed.
    "compliance": [
        (HIRED, 4, "", ""),
        (REJECTED, 3, R.SKILLS, "Little hands-on AML investigation work."),
        (REJECTED, 1, R.COMPENSATION, "Expectations well above the band."),
        (WITHDRAWN, 2, R.RELOCATION, "Relocating to Singapore."),
    ],
    "sourcing": [
        (WITHDRAWN, 1, R.OTHER, "Wanted a permanent role."),
    ],
}
# Whose candidates a job's pipeline takes, when not the job's own family.
PIPELINE_FAMILY = {"sourcing": "recruiting"}

# --- History -----------------------------------------------------------------------

# The demo spans about six months: how many days ago each job opened (None:
# still a draft). Applications come in from then on.
JOB_OPENED_DAYS = {
    "backend": 178,
    "frontend": 150,
    "data": 120,
    "design": None,
    "risk": 165,
    "compliance": 182,
    "recruiting": 140,
    "sourcing": 172,
}
# A typical stay in each kind of stage, in days (low, high); the technical
# round is the slow one. STAGE_OVERRUN of the stays run past the stage's SLA.
STAGE_DAYS = {
    StageKind.SCREENING: (0.5, 2.5),
    StageKind.PHONE: (1.5, 4.0),
    StageKind.TECHNICAL: (4.0, 9.0),
    StageKind.BEHAVIOURAL: (1.5, 4.0),
    StageKind.FINAL: (0.8, 2.0),
    StageKind.OFFER: (2.0, 6.0),
}
STAGE_OVERRUN = 0.18
# Office hours (local) in which people move applications along.
WORKING_HOURS = (9, 18)
# Hours from an interview's end to a scorecard (low, high); most panelists
# write it the same day, some are slow.
SCORECARD_HOURS = (1.0, 8.0)
SLOW_SCORECARDS = {"sarah.jones": (16.0, 60.0), "manager": (6.0, 30.0)}
# Rating bias per panelist, in points on the 1–4 scale: one lenient, one severe.
RATING_BIAS = {"tom.baker": 1.0, "min.chen": -1.0}

# Where candidates come from, by how far they get: referrals and sourced
# candidates go far, job boards and the agency mostly stop at the screen.
# tier: [(source, weight)]; "job board" means the candidate's own language's boards.
SOURCE_TIERS = {
    "far": [
        ("Employee referral", 6),
        ("Sourced on LinkedIn", 3),
        ("Sourced on GitHub", 2),
        ("Shanghai tech meetup", 1),
        ("job board", 1),
    ],
    "middle": [
        ("job board", 6),
        ("Sourced on LinkedIn", 2),
        ("Sourced on GitHub", 2),
        ("Career site", 2),
        ("Employee referral", 1),
        ("Shanghai tech meetup", 1),
        ("Partner agency", 1),
    ],
    "early": [("job board", 5), ("Partner agency", 3), ("Career site", 2)],
}
# Survey answers: satisfaction (1–5) weights by how the process ended.
SATISFACTION_WEIGHTS = {
    HIRED: (0, 0, 0, 2, 5),
    ACTIVE: (0, 1, 2, 5, 3),
    REJECTED: (2, 3, 4, 3, 1),
    WITHDRAWN: (1, 2, 4, 2, 1),
}
FEEDBACK_PER_JOB = 8

# job: stage kind: (always on the panel, others to fill it from)
PANELS = {
    "backend": {
        StageKind.SCREENING: (["recruiter"], []),
        StageKind.PHONE: (["manager"], []),
        StageKind.TECHNICAL: (["interviewer"], ["wei.zhang", "tom.baker"]),
        StageKind.BEHAVIOURAL: ([], ["sarah.jones", "min.chen", "wei.zhang"]),
        StageKind.FINAL: (["manager"], ["wei.zhang", "sarah.jones"]),
    },
    "frontend": {
        StageKind.SCREENING: (["recruiter"], []),
        StageKind.PHONE: (["manager"], []),
        StageKind.TECHNICAL: (["interviewer"], ["min.chen", "tom.baker"]),
        StageKind.BEHAVIOURAL: ([], ["sarah.jones", "min.chen"]),
        StageKind.FINAL: (["manager"], ["sarah.jones", "interviewer"]),
    },
    "data": {
        StageKind.SCREENING: (["recruiter"], []),
        StageKind.PHONE: ([], ["wei.zhang"]),
        StageKind.TECHNICAL: ([], ["tom.baker", "wei.zhang", "min.chen"]),
    },
    "risk": {
        StageKind.SCREENING: (["recruiter2"], []),
        StageKind.PHONE: (["emma.clark"], []),
        StageKind.BEHAVIOURAL: (["interviewer"], ["sarah.jones", "tom.baker"]),
        StageKind.FINAL: (["emma.clark"], ["sarah.jones"]),
    },
    "recruiting": {
        StageKind.SCREENING: (["jun.liu"], []),
        StageKind.PHONE: (["jun.liu"], []),
        StageKind.BEHAVIOURAL: ([], ["min.chen", "sarah.jones"]),
        StageKind.FINAL: (["admin"], ["jun.liu"]),
    },
    "compliance": {
        StageKind.SCREENING: (["recruiter2"], []),
        StageKind.PHONE: (["emma.clark"], []),
        StageKind.BEHAVIOURAL: (["sarah.jones"], ["tom.baker", "interviewer"]),
        StageKind.FINAL: (["emma.clark"], ["sarah.jones"]),
    },
    "sourcing": {
        StageKind.SCREENING: (["jun.liu"], []),
        StageKind.PHONE: (["admin"], []),
        StageKind.BEHAVIOURAL: ([], ["min.chen", "sarah.jones"]),
        StageKind.FINAL: (["admin"], ["jun.liu"]),
    },
}
# Who schedules interviews and moves applications, per client.
SCHEDULERS = {"A": "coordinator", "B": "recruiter2", "HOUSE": "jun.liu"}

RATING_NOTES = {
    "en": {
        1: "Could not show this.",
        2: "Partly there; needed prompting.",
        3: "Solid, good examples.",
        4: "Excellent.",
    },
    "zh-hans": {1: "未能体现。", 2: "基本具备，但需要引导。", 3: "表现扎实，例子具体。", 4: "非常出色，超出预期。"},
}
SUMMARIES = {
    "en": {
        "strong_no": "Well below the bar for this role.",
        "no": "Some strengths, but not enough for this level.",
        "yes": "Meets the bar; happy to move forward.",
        "strong_yes": "Outstanding. Let's not lose this one.",
    },
    "zh-hans": {
        "strong_no": "与岗位要求差距较大。",
        "no": "有亮点，但尚未达到该职级要求。",
        "yes": "符合要求，建议进入下一轮。",
        "strong_yes": "非常优秀，强烈推荐。",
    },
}
# How well a candidate does: the mean score their panel gives.
MOODS = {"strong": 3.5, "good": 3.0, "mixed": 2.5, "weak": 1.7}

FEEDBACK_COMMENTS = {
    "en": [
        "Well organised, and the interviewers were friendly.",
        "Clear communication about next steps.",
        "The technical exercise was fair and relevant.",
        "Would have liked to meet more of the team.",
        "",
    ],
    "zh-hans": [
        "流程安排得很清楚，面试官很专业。",
        "沟通及时，每一步都有反馈。",
        "题目和岗位相关，体验不错。",
        "希望能更早知道薪资范围。",
        "",
    ],
}
NOTES = {
    "en": [
        "Spoke on the phone: open to a move if the scope is right.",
        "Strong referral from a former colleague.",
        "Prefers interviews in the afternoon.",
        "Asked about hybrid working; told them two office days a week.",
        "Keep warm for the platform team opening next quarter.",
        "Sent the job description; will reply by Friday.",
    ],
    "zh-hans": [
        "电话沟通：如果岗位范围合适，愿意考虑机会。",
        "前同事强烈推荐。",
        "候选人希望面试安排在下午。",
        "询问了混合办公政策，已说明每周到岗两天。",
        "下季度平台团队有新岗位，保持联系。",
        "已发送职位描述，候选人周五前回复。",
    ],
}

# name: (owner, cadence days, description, which candidates)
POOLS = {
    "Engineering talent · Shanghai": (
        "recruiter",
        90,
        "Engineers we would hire again: check in every quarter.",
        "engineering",
    ),
    "Silver medallists": ("recruiter", 60, "Candidates who got past the first stage and did not join.", "silver"),
    "风控与合规人才库": ("recruiter2", 120, "香港及伦敦的风控、合规候选人。", "finance"),
    "Design & product": (
        "recruiter",
        180,
        "Designers and product managers for Nebula Cloud's next openings.",
        "product",
    ),
}

# The demo's email templates, each written in both languages; {{ … }} are
# messaging.merge_fields. name: (purpose, {language: (subject, body)}).
REJECTION_EMAILS = [
    (
        "en",
        "Your application for {{ job_title }}",
        "Dear {{ candidate_name }},\n\n"
        "Thank you for your time and interest in the {{ job_title }} role at {{ client_name }}. "
        "After careful consideration we have decided not to move forward with your application.\n\n"
        "We will keep your details and may be in touch about future roles.\n\n"
        "Best regards,\n{{ sender_name }}",
    ),
    (
        "zh-hans",
        "关于您申请的{{ job_title }}职位",
        "{{ candidate_name }}，您好：\n\n"
        "感谢您对{{ client_name }}{{ job_title }}职位的关注和投入的时间。"
        "经过慎重考虑，我们决定暂不推进您的申请。\n\n"
        "我们会保留您的资料，今后有合适的机会再与您联系。\n\n"
        "祝好！\n{{ sender_name }}",
    ),
]
THANK_YOU_EMAILS = [
    (
        "en",
        "Thank you for meeting us",
        "Dear {{ candidate_name }},\n\n"
        "Thank you for taking the time to meet us for the {{ job_title }} role at {{ client_name }}. "
        "We are gathering the panel's feedback and will be in touch with the next steps soon.\n\n"
        "Best regards,\n{{ recruiter_signature }}",
    ),
    (
        "zh-hans",
        "感谢您参加面试",
        "{{ candidate_name }}，您好：\n\n"
        "感谢您抽出时间参加{{ client_name }}{{ job_title }}职位的面试。"
        "我们正在汇总面试官的反馈，会尽快与您沟通下一步安排。\n\n"
        "祝好！\n{{ recruiter_signature }}",
    ),
]
WELCOME_EMAILS = [
    (
        "en",
        "Next steps for {{ job_title }}",
        "Dear {{ candidate_name }},\n\n"
        "Thank you for your interest in the {{ job_title }} role at {{ client_name }}. "
        "Your application is now at the {{ stage_name }} stage; {{ recruiter_name }} will contact you "
        "to arrange a short call.\n\n"
        "Best regards,\n{{ recruiter_signature }}",
    ),
    (
        "zh-hans",
        "关于{{ job_title }}职位的下一步安排",
        "{{ candidate_name }}，您好：\n\n"
        "感谢您关注{{ client_name }}的{{ job_title }}职位。"
        "您的申请已进入“{{ stage_name }}”阶段，{{ recruiter_name }}会与您联系，安排一次简短的电话沟通。\n\n"
        "祝好！\n{{ recruiter_signature }}",
    ),
]
# name: (purpose, versions)
EMAIL_TEMPLATES = {
    "Standard rejection": ("rejection", REJECTION_EMAILS),
    "Interview thank-you": ("thank_you", THANK_YOU_EMAILS),
    "Welcome to the process": ("stage_entry", WELCOME_EMAILS),
}

# The careers sites: the in-house team's (the main one at /careers/) and
# Nebula Cloud's, shown anonymously as an agency would.
# key: (client, slug, anonymous, name, name_zh, tagline, tagline_zh, accent, culture, culture_zh)
CAREERS_SITES = {
    "HOUSE": (
        "bridgewell",
        False,
        "Bridgewell Talent",
        "桥井人才",
        "Recruiters who know engineering.",
        "懂技术的招聘顾问。",
        "#0b5fff",
        "## How we work\n\nWe are a small team of recruiters in **Shanghai** who place engineers with the companies "
        "building China's cloud.\n\n- Full-cycle recruiting: you own your searches end to end\n"
        "- A shared pipeline, weekly calibration with hiring managers\n- Learning budget and mentoring\n\n"
        "> We hire people who like people *and* like technology.",
        "## 我们的工作方式\n\n我们是一支位于**上海**的小型招聘团队，为正在建设中国云计算的公司招聘工程师。\n\n"
        "- 全流程招聘：从寻访到入职，由你负责到底\n- 共享的人才管道，每周与用人经理校准\n- 学习预算与导师制度\n\n"
        "> 我们欢迎既喜欢与人打交道、*又*热爱技术的人。",
    ),
    "A": (
        "cloud-software-shanghai",
        True,
        "A fast-growing cloud software company in Shanghai",
        "上海一家快速成长的云软件公司",
        "Enterprise cloud, 400 people, Series C.",
        "企业级云服务，400 人，C 轮。",
        "#0f766e",
        "## About the company\n\nOur client builds the console and APIs that thousands of enterprises run on. "
        "Engineers work in small product teams with real ownership.",
        "## 关于公司\n\n我们的客户为数千家企业提供控制台与 API。工程师在小型产品团队中工作，拥有真正的自主权。",
    ),
}
CAREERS_STORIES = {
    "HOUSE": [
        (
            "刘军 Jun Liu",
            "Senior Recruiter",
            "I placed my first engineer in my second week: the team helps you from day one.",
            "入职第二周我就成功推荐了第一位工程师：团队从第一天起就在帮你。",
        ),
        (
            "Sarah Chen",
            "Sourcing Lead",
            "We calibrate every week with hiring managers, so nobody wastes a candidate's time.",
            "我们每周都与用人经理校准，不浪费任何候选人的时间。",
        ),
    ],
}
# key: job key → (title_zh, department, workplace, description, description_zh, salary min, max)
CAREERS_POSTINGS = {
    "recruiting": (
        "高级技术招聘顾问",
        "Recruiting",
        "hybrid",
        "Grow our technology practice.\n\n## What you will do\n\n- Run searches for engineering clients\n"
        "- Advise hiring managers on the market\n\n## What you bring\n\n- 3+ years of technical recruiting\n"
        "- Mandarin and English",
        "拓展我们的技术招聘业务。\n\n## 工作内容\n\n- 为技术类客户完成全流程招聘\n- 为用人经理提供市场建议\n\n"
        "## 任职要求\n\n- 3 年以上技术招聘经验\n- 普通话与英语流利",
        25000,
        40000,
    ),
    "backend": (
        "高级后端工程师（Python）",
        "Engineering",
        "onsite",
        "Own the backend services of a hiring platform used by thousands of companies.\n\n"
        "- Django, PostgreSQL, Celery\n- On call one week in six",
        "负责数千家企业使用的招聘平台的后端服务。\n\n- Django、PostgreSQL、Celery\n- 每六周值班一周",
        35000,
        55000,
    ),
    "frontend": (
        "前端工程师（React）",
        "Engineering",
        "remote",
        "Build the console enterprise customers use every day. Remote within China.",
        "打造企业客户每天使用的控制台。可在中国境内远程办公。",
        None,
        None,
    ),
}
