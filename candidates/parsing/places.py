"""Cities a resume's header may name, as resumes write them (the first name of
each row is the one kept)."""

from __future__ import annotations

CITIES: tuple[tuple[str, ...], ...] = (
    ("北京", "北京市"), ("上海", "上海市"), ("深圳", "深圳市"), ("广州", "广州市"), ("杭州", "杭州市"),
    ("成都", "成都市"), ("南京", "南京市"), ("武汉", "武汉市"), ("苏州", "苏州市"), ("西安", "西安市"),
    ("天津", "天津市"), ("重庆", "重庆市"), ("长沙", "长沙市"), ("厦门", "厦门市"), ("青岛", "青岛市"),
    ("大连",), ("宁波",), ("无锡",), ("合肥",), ("郑州",), ("济南",), ("沈阳",), ("香港",), ("台北",),
    ("东莞",), ("佛山",), ("珠海",), ("昆明",), ("福州",), ("新加坡",),
    ("Beijing", "Peking"), ("Shanghai",), ("Shenzhen",), ("Guangzhou", "Canton"), ("Hangzhou",),
    ("Chengdu",), ("Nanjing",), ("Wuhan",), ("Suzhou",), ("Xi'an", "Xian"), ("Tianjin",), ("Chongqing",),
    ("Hong Kong", "HK"), ("Taipei",), ("Singapore",), ("Tokyo",), ("Seoul",), ("Sydney",), ("Melbourne",),
    ("London",), ("Manchester",), ("Paris",), ("Berlin",), ("Amsterdam",), ("Dublin",), ("New York", "NYC"),
    ("San Francisco",), ("Los Angeles",), ("Seattle",), ("Boston",), ("Chicago",), ("Toronto",),
    ("Vancouver",), ("Dubai",), ("Kuala Lumpur",), ("Bangkok",),
)  # fmt: skip
