"""The demo five-society linkage: the report's figures, reproduced exactly.

Since 2018 the district invested 5.23 million yuan in 21 district key projects ("变废为宝" among
them) run by 12 social organisations brought in (你我创益, 青岛心海公益服务中心 among them);
subdistricts and communities invested 11.3 million more in 108 community projects ("益同行"
among them); community social organisations grew by 945 in three years. In the "有梦有为"
campaign 94 volunteers visited 80 children in difficulty at home, gave 300 hours of
companionship and fulfilled 31 of their micro-wishes (a drum kit for a boy who dreamed of a
stage, a city tour for a girl); 青岛心海公益服务中心 renovated the study corners of 5 children.

Deterministic (fixed lists, seeded choices, dates in 2023–2025) and idempotent (each step is
skipped when its rows exist). Every row is written through the linkage's actions.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from licang.actions import partner_save
from licang.models import Partner
from licang.registry import actions as registry_actions
from licang.registry.demo import ONE_STOP_HOUSEHOLD
from licang.registry.models import Community, Household, Resident, Subdistrict
from services.centers.models import Volunteer as CenterVolunteer
from services.linkage import actions
from services.linkage.models import (
    Category,
    CharityResource,
    Child,
    Milestone,
    Need,
    Project,
    SocialOrganisation,
    SocialWorker,
    Visit,
    Volunteer,
    VolunteerHours,
    Wish,
)

SEED = 20250601
VOLUNTEERS = 94
CHILDREN = 80
COMPANIONSHIP_HOURS = 300
FULFILLED = 31
ADOPTED_NOT_YET_FULFILLED = 9
DISTRICT_INVESTED = Decimal("5230000")
COMMUNITY_INVESTED = Decimal("11300000")
COMMUNITY_PROJECTS = 108
COMMUNITY_ORGANISATIONS_BY_YEAR = {2023: 298, 2024: 312, 2025: 335}  # 945 in three years
CAMPAIGN_START = datetime.date(2025, 3, 1)

# The twelve organisations brought in: (name, English name, type, areas)
ORGANISATIONS = [
    ("青岛心海公益服务中心", "Qingdao Xinhai Public Welfare Service Center", "social_work",
     ["companionship", "study", "care"]),
    ("你我创益", "Niwo Chuangyi", "charity", ["material", "repairs", "companionship"]),
    ("青岛阳光社会工作服务中心", "Qingdao Sunshine Social Work Service Center", "social_work",
     ["care", "health", "companionship"]),
    ("李沧区启航社工服务中心", "Licang Qihang Social Work Service Center", "social_work",
     ["employment", "study"]),
    ("青岛益彩公益服务中心", "Qingdao Yicai Public Welfare Service Center", "charity",
     ["material", "study"]),
    ("李沧区馨和社会工作服务社", "Licang Xinhe Social Work Agency", "social_work",
     ["care", "health"]),
    ("青岛爱心帮扶志愿者协会", "Qingdao Caring Volunteers Association", "volunteer_group",
     ["companionship", "repairs", "care"]),
    ("李沧区同心社区发展中心", "Licang Tongxin Community Development Center", "social_work",
     ["employment", "other"]),
    ("青岛红樱桃公益服务中心", "Qingdao Red Cherry Public Welfare Service Center", "charity",
     ["study", "material"]),
    ("李沧区乐龄社会工作服务中心", "Licang Leling Social Work Service Center", "social_work",
     ["care", "companionship", "health"]),
    ("青岛市李沧区装饰企业联合会", "Licang Federation of Decoration Companies", "federation",
     ["repairs"]),
    ("青岛善行公益发展中心", "Qingdao Shanxing Public Welfare Development Center", "charity",
     ["material", "employment"]),
]  # fmt: skip
HAIXIN = "青岛心海公益服务中心"

COMMUNITY_ORGANISATION_THEMES = [
    "邻里互助队", "银龄志愿服务队", "巾帼志愿服务队", "文体协会", "书画社", "合唱团", "舞蹈队",
    "调解会", "护河队", "青年志愿服务队", "爱心妈妈团", "党员先锋队", "环保小组", "健康促进会",
    "读书会", "手工坊", "太极队", "义剪队", "亲子营", "科普小组",
]  # fmt: skip

DISTRICT_PROJECTS = [
    ("变废为宝", "Waste into Treasure"), ("童心护航", "Guarding Young Hearts"),
    ("银龄暖心", "Warm Hearts for Elders"), ("邻里守望", "Neighbours Watching Out"),
    ("有梦有为", "Dreams and Deeds"), ("家门口就业", "Jobs at the Doorstep"),
    ("四点半课堂", "Half-past-four Classroom"), ("助残同行", "Walking with the Disabled"),
    ("健康小屋", "Health Cabin"), ("爱心厨房", "Caring Kitchen"),
    ("安居修缮", "Safe Home Repairs"), ("心灵驿站", "Heart Station"),
    ("社区花园", "Community Garden"), ("法律明白人", "Law for Everyone"),
    ("困境儿童关爱", "Care for Children in Difficulty"), ("红色物业", "Red Property Service"),
    ("乐龄学堂", "Joyful Ageing School"), ("邻聚微光", "Neighbourhood Glimmers"),
    ("平安李沧", "Safe Licang"), ("志愿积分超市", "Volunteer Points Store"),
    ("文明实践", "Civilisation in Practice"),
]  # fmt: skip

COMMUNITY_PROJECT_THEMES = [
    ("益同行", "Walking Together in Kindness"), ("邻里节", "Neighbours' Festival"),
    ("老幼同乐", "Young and Old Together"), ("楼道微治理", "Stairwell Self-government"),
    ("爱心义诊", "Free Clinics"), ("暑期托管", "Summer Care"),
]  # fmt: skip

MILESTONES = [("项目启动", "Launch"), ("中期评估", "Mid-term review"), ("结项验收", "Final review")]

# Aliases: a colour and an animal, never a real name.
COLOURS = ["蓝色", "金色", "绿色", "橙色", "紫色", "银色", "红色", "白色"]
ANIMALS = ["海豚", "小鹿", "松鼠", "熊猫", "企鹅", "海鸥", "小马", "白兔", "考拉", "狐狸"]

WISHES = [
    ("一套架子鼓，想站上舞台", "A drum kit, to play on a stage"),
    ("跟着哥哥姐姐游一次青岛城", "A tour of Qingdao with big brothers and sisters"),
    ("一个安静的学习角", "A quiet study corner"),
    ("一个新书包和文具", "A new school bag and stationery"),
    ("一辆自行车", "A bicycle"),
    ("一个篮球", "A basketball"),
    ("一套绘本", "A set of picture books"),
    ("一架电子琴", "An electronic keyboard"),
    ("一双运动鞋", "A pair of trainers"),
    ("一台天文望远镜", "A telescope"),
    ("去海洋馆看一次海豚", "A visit to the aquarium to see dolphins"),
    ("一套画画工具", "A painting set"),
    ("一盏护眼台灯", "An eye-friendly desk lamp"),
    ("一本英语词典", "An English dictionary"),
    ("一件羽绒服", "A down jacket"),
    ("一个足球", "A football"),
]  # fmt: skip
STUDY_CORNER = 2  # index of the study-corner wish: 5 children's corners renovated by 心海

RESOURCES = [
    ("助学金", "Study grant", "李沧区慈善总会", "money", "元", Decimal("50000"),
     "仅限困境儿童助学"),
    ("冬季大米", "Winter rice", "爱心企业", "goods", "袋", Decimal("200"), ""),
    ("家电维修服务", "Appliance repairs", "装饰企业联合会", "service_hours", "小时", Decimal("120"),
     "仅限独居老人与困境家庭"),
]  # fmt: skip


def load(out: TextIO) -> None:
    rng = random.Random(SEED)
    organisations = load_organisations()
    load_community_organisations()
    workers = load_social_workers(organisations)
    volunteers = load_volunteers(organisations, rng)
    resources = load_resources(organisations)
    projects = load_projects(organisations)
    children = load_children(workers)
    load_campaign(children, volunteers, organisations)
    load_needs(organisations, volunteers, resources, projects)
    load_hours(volunteers)
    load_one_stop_visit(organisations, volunteers, workers)
    out.write(
        f"  {len(organisations)} organisations, {Volunteer.objects.count()} volunteers, "
        f"{Child.objects.count()} children, {Wish.objects.count()} wishes, "
        f"{Project.objects.count()} projects\n"
    )


def load_one_stop_visit(
    organisations: list[SocialOrganisation],
    volunteers: list[Volunteer],
    workers: list[SocialWorker],
) -> None:
    """A visit to the registry demo's one-stop household (``ONE_STOP_HOUSEHOLD``) and the two
    needs found there, one being served and one open. No companionship hours: the campaign's
    300 are its children's."""
    household = Household.objects.filter(number=ONE_STOP_HOUSEHOLD).first()
    if household is None or Visit.objects.filter(household=household).exists():
        return
    admin = get_user_model().objects.filter(username="district_admin").first()
    visit = actions.visit_record(
        household=household,
        visited_on=datetime.date(2025, 10, 20),
        volunteers=volunteers[:1],
        social_workers=workers[:1],
        situation="老两口同住，老伴腿脚不便，子女在外地工作",
        by=admin,
    )
    care = actions.need_add(
        visit=visit, category=Category.CARE, description="希望每周有人上门帮忙打扫、买菜", by=admin
    )
    actions.need_match(need=care, organisation=organisations[0], by=admin)
    actions.need_progress(need=care, status="in_progress", note="已安排每周二上门", by=admin)
    actions.need_add(
        visit=visit,
        category=Category.REPAIRS,
        urgency=Need.Urgency.HIGH,
        description="楼道扶手松动，老人上下楼不安全",
        by=admin,
    )


def load_organisations() -> list[SocialOrganisation]:
    """The twelve organisations brought in, each a social-organisation partner."""
    communities = list(Community.objects.order_by("subdistrict__sort_order", "name"))
    found = []
    for index, (name, name_en, kind, areas) in enumerate(ORGANISATIONS):
        organisation = SocialOrganisation.objects.filter(name_zh_hans=name).first()
        if organisation is None:
            partner = Partner.objects.filter(name=name).first() or partner_save(
                partner=Partner(
                    name=name, kind=Partner.Kind.SOCIAL_ORGANISATION, contact_name="联络员"
                )
            )
            organisation = actions.organisation_save(
                organisation=SocialOrganisation(
                    slug=f"org-{index + 1:02d}",
                    name_zh_hans=name,
                    name_en=name_en,
                    partner=partner,
                    registration_number=f"52370213MJ{index + 1:07d}X",
                    kind=kind,
                    founded_on=datetime.date(2010 + index % 8, 1 + index, 1),
                    contact_name="联络员",
                    contact_phone=f"1380532{index + 1:04d}",
                    # half of them are written to by e-mail
                    contact_email=f"org-{index + 1:02d}@shezu.example" if index % 2 else "",
                    service_areas=areas,
                ),
                # each works in four communities, spread over the district
                communities=[communities[(index * 4 + k) % len(communities)] for k in range(4)],
            )
        found.append(organisation)
    return found


def load_community_organisations() -> None:
    """The community social organisations founded in the last three years (counted apart)."""
    if SocialOrganisation.objects.filter(community_level=True).exists():
        return
    communities = list(Community.objects.order_by("subdistrict__sort_order", "name"))
    serial = 0
    for year, count in COMMUNITY_ORGANISATIONS_BY_YEAR.items():
        for number in range(count):
            community = communities[serial % len(communities)]
            theme = COMMUNITY_ORGANISATION_THEMES[serial // len(communities)]
            serial += 1
            actions.organisation_save(
                organisation=SocialOrganisation(
                    slug=f"community-org-{serial:04d}",
                    name_zh_hans=f"{community.name}{theme}",
                    registration_number=f"53370213CL{serial:07d}X",
                    kind=SocialOrganisation.Kind.VOLUNTEER_GROUP,
                    community_level=True,
                    founded_on=datetime.date(year, 1 + number % 12, 1 + number % 28),
                    service_areas=[Category.COMPANIONSHIP],
                ),
                communities=[community],
            )


def load_social_workers(organisations: list[SocialOrganisation]) -> list[SocialWorker]:
    """One service commissioner per organisation, whose phone is on the children's cards."""
    names = ["刘婷", "张雪", "王丽", "李娜", "陈静", "杨洋", "赵敏", "黄蕾", "周倩", "吴悦", "徐晶",
             "孙悦"]  # fmt: skip
    found = []
    for index, organisation in enumerate(organisations):
        worker = organisation.social_workers.first() or actions.social_worker_save(
            social_worker=SocialWorker(
                name=names[index],
                organisation=organisation,
                certificate_level=SocialWorker.Level.SOCIAL_WORKER,
                phone=f"1365320{index + 1:04d}",
            )
        )
        found.append(worker)
    return found


def load_volunteers(organisations: list[SocialOrganisation], rng: random.Random) -> list[Volunteer]:
    """The centers' volunteers become linkage volunteers; residents make up the 94."""
    if Volunteer.objects.count() >= VOLUNTEERS:
        return list(Volunteer.objects.order_by("created_at", "pk")[:VOLUNTEERS])
    from_centers: list[CenterVolunteer] = list(CenterVolunteer.objects.order_by("pk")[:VOLUNTEERS])
    for center_volunteer in from_centers:
        actions.volunteer_from_center(center_volunteer=center_volunteer)
    adults = (
        Resident.objects.filter(birth_date__lte=datetime.date(2000, 1, 1))
        .filter(birth_date__gte=datetime.date(1960, 1, 1))
        .exclude(phone="")
        .exclude(phone__in=Volunteer.objects.values("phone"))
        .order_by("id_number")
    )
    for resident in adults[: max(0, VOLUNTEERS - Volunteer.objects.count())]:
        actions.volunteer_save(
            volunteer=Volunteer(name=resident.name, phone=resident.phone, resident=resident),
            communities=[resident.community],
        )
    volunteers = list(Volunteer.objects.order_by("created_at", "pk")[:VOLUNTEERS])
    for index, volunteer in enumerate(volunteers):
        organisation = organisations[index % len(organisations)]
        volunteer.organisation = organisation
        volunteer.skills = sorted(
            set(organisation.service_areas[:2]) | {Category.COMPANIONSHIP}, key=str
        )
        volunteer.available_on = sorted(rng.sample(range(7), rng.randint(1, 4)))
        volunteer.consents_to_contact = index % 5 != 0
        if index % 4 == 1:  # a few keep an e-mail address, and are written to there
            volunteer.email = f"volunteer{index + 1:03d}@mail.example"
        actions.volunteer_save(
            volunteer=volunteer,
            communities=list(volunteer.communities.all()) + list(organisation.communities.all()),
        )
    return volunteers


def load_resources(organisations: list[SocialOrganisation]) -> list[CharityResource]:
    found = []
    for name, name_en, donor, kind, unit, quantity, restrictions in RESOURCES:
        resource = CharityResource.objects.filter(name_zh_hans=name).first() or (
            actions.resource_save(
                resource=CharityResource(
                    name_zh_hans=name,
                    name_en=name_en,
                    donor=donor,
                    kind=kind,
                    unit=unit,
                    quantity=quantity,
                    restrictions_zh_hans=restrictions,
                    received_on=datetime.date(2025, 1, 15),
                    organisation=organisations[1],
                )
            )
        )
        found.append(resource)
    return found


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` round thousands, the last taking the remainder: they sum exactly."""
    each = Decimal(int(total / parts / 1000) * 1000)
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def _project(
    name: tuple[str, str],
    level: str,
    lead: SocialOrganisation,
    start: datetime.date,
    *,
    subdistrict: Subdistrict | None = None,
    community: Community | None = None,
    parent: Project | None = None,
    funding: dict[str, Decimal] | None = None,
    beneficiaries: int = 0,
) -> Project:
    project = actions.project_save(
        project=Project(
            name_zh_hans=name[0],
            name_en=name[1],
            level=level,
            parent=parent,
            lead_organisation=lead,
            subdistrict=subdistrict,
            community=community,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=364),
            target_groups="困境儿童、独居老人、残疾人家庭",
            beneficiaries=beneficiaries,
            description_zh_hans=f"{name[0]}：五社联动服务项目。",
            description_en=f"{name[1]}: a five-society linkage service project.",
        )
    )
    for source, amount in (funding or {}).items():
        actions.funding_set(project=project, source=source, amount=amount)
    steps = [
        actions.milestone_save(
            milestone=Milestone(
                project=project,
                title_zh_hans=title,
                title_en=title_en,
                due_on=start + datetime.timedelta(days=180 * k),
            )
        )
        for k, (title, title_en) in enumerate(MILESTONES)
    ]
    for step in steps[:2]:
        actions.milestone_reach(milestone=step, on=step.due_on)
    return project


def load_projects(organisations: list[SocialOrganisation]) -> list[Project]:
    if Project.objects.exists():
        return list(Project.objects.filter(level="district_key", parent__isnull=True))
    subdistricts = list(Subdistrict.objects.order_by("sort_order"))
    communities = list(Community.objects.select_related("subdistrict").order_by("pk"))
    key_projects = []
    for index, (name, amount) in enumerate(
        zip(DISTRICT_PROJECTS, _split(DISTRICT_INVESTED, len(DISTRICT_PROJECTS)), strict=True)
    ):
        start = datetime.date(2018 + index % 7, 3, 1)
        project = _project(
            name,
            "district_key",
            organisations[index % len(organisations)],
            start,
            subdistrict=subdistricts[index % len(subdistricts)],
            funding={"district": amount},
            beneficiaries=1200 + 37 * index,
        )
        actions.spending_record(
            project=project,
            source="district",
            amount=(amount * Decimal("0.8")).quantize(Decimal("1")),
            spent_on=start + datetime.timedelta(days=200),
            description="服务购买与物资",
        )
        key_projects.append(project)
    # "变废为宝" runs in two parts, whose progress rolls up to it
    for part, part_en in [("李村片区", "Licun area"), ("九水片区", "Jiushui area")]:
        _project(
            (f"变废为宝·{part}", f"Waste into Treasure · {part_en}"),
            "district_key",
            key_projects[0].lead_organisation,
            key_projects[0].starts_on,
            parent=key_projects[0],
        )
    for index, amount in enumerate(_split(COMMUNITY_INVESTED, COMMUNITY_PROJECTS)):
        community = communities[index % len(communities)]
        theme = COMMUNITY_PROJECT_THEMES[index % len(COMMUNITY_PROJECT_THEMES)]
        name = theme if index == 0 else (f"{community.name}·{theme[0]}", f"{theme[1]}")
        from_subdistrict = (amount * Decimal("0.4")).quantize(Decimal("1"))
        project = _project(
            name,
            "community",
            organisations[index % len(organisations)],
            datetime.date(2023 + index % 3, 4, 1),
            community=community,
            subdistrict=community.subdistrict,
            funding={"subdistrict": from_subdistrict, "community": amount - from_subdistrict},
            beneficiaries=80 + index,
        )
        actions.spending_record(
            project=project,
            source="community",
            amount=(amount * Decimal("0.5")).quantize(Decimal("1")),
            spent_on=project.starts_on + datetime.timedelta(days=120),
            description="活动经费",
        )
    return key_projects


def load_children(workers: list[SocialWorker]) -> list[Child]:
    """80 children in difficulty, one per household, flagged in the registry where needed."""
    if Child.objects.count() >= CHILDREN:
        return list(Child.objects.select_related("resident").order_by("alias"))
    candidates = (
        Resident.objects.filter(household__isnull=False)
        .filter(birth_date__gt=datetime.date(2008, 7, 1), birth_date__lte=datetime.date(2019, 6, 1))
        .select_related("household")
        .order_by("-child_in_difficulty", "id_number")
    )
    chosen: list[Resident] = []
    households: set[int] = set()
    for resident in candidates:
        if resident.household_id in households:
            continue
        households.add(resident.household_id)  # type: ignore[arg-type]
        chosen.append(resident)
        if len(chosen) == CHILDREN:
            break
    aliases = [f"{colour}{animal}" for colour in COLOURS for animal in ANIMALS]
    children = []
    for index, resident in enumerate(chosen):
        if not resident.child_in_difficulty:
            resident.child_in_difficulty = True
            registry_actions.resident_save(resident=resident)
        child = Child.objects.filter(resident=resident).first() or actions.child_save(
            child=Child(
                resident=resident,
                alias=aliases[index],
                school=f"{resident.community.name}小学",
                situation="父母一方重病，由祖父母照看",
                commissioner=workers[index % len(workers)],
            )
        )
        children.append(child)
    return children


def load_campaign(
    children: list[Child],
    volunteers: list[Volunteer],
    organisations: list[SocialOrganisation],
) -> None:
    """The "有梦有为" campaign: a visit to each child's home (300 hours in all) recording a wish;
    31 wishes fulfilled, 9 adopted, the rest on the wall."""
    if Wish.objects.exists():
        return
    haixin = next(o for o in organisations if o.name == HAIXIN)
    # 60 visits of four hours and 20 of three: 300 hours
    hours = [Decimal("4")] * 60 + [Decimal("3")] * (CHILDREN - 60)
    assert sum(hours) == COMPANIONSHIP_HOURS  # the campaign's figure
    extra = volunteers[CHILDREN:]
    boy = next(i for i, c in enumerate(children) if c.resident.sex == Resident.Sex.MALE)
    girl = next(i for i, c in enumerate(children) if c.resident.sex == Resident.Sex.FEMALE)
    order = [boy, girl] + [i for i in range(len(children)) if i not in (boy, girl)]
    admin = get_user_model().objects.filter(username="district_admin").first()
    for position, index in enumerate(order):
        child = children[index]
        day = CAMPAIGN_START + datetime.timedelta(days=position * 2)
        went = [volunteers[position]] + ([extra[position]] if position < len(extra) else [])
        visit = actions.visit_record(
            household=child.resident.household,  # type: ignore[arg-type]
            visited_on=day,
            volunteers=went,
            social_workers=[child.commissioner],
            situation="入户走访，了解孩子的学习与生活",
            companionship_hours=hours[position],
            by=admin,
        )
        if position < 2:
            text = WISHES[position]
        elif position < 7:
            text = WISHES[STUDY_CORNER]
        else:
            text = WISHES[3 + position % (len(WISHES) - 3)]
        wish = actions.wish_collect(child=child, visit=visit, wish=text[0], wish_en=text[1])
        if position >= FULFILLED + ADOPTED_NOT_YET_FULFILLED:
            if position % 10 == 0:
                actions.pledge_offer(
                    wish=wish, name="爱心市民", phone=f"1390532{position:04d}", offer="买来送到家"
                )
            continue
        if 2 <= position < 7:
            actions.wish_adopt(wish=wish, organisation=haixin)
        elif position % 3 == 0:
            actions.wish_adopt(wish=wish, volunteer=went[0])
        elif position % 3 == 1:
            actions.wish_adopt(wish=wish, organisation=organisations[position % len(organisations)])
        else:
            pledge = actions.pledge_offer(
                wish=wish, name="王先生", phone=f"1390532{position:04d}", offer="认领并送到家"
            )
            actions.pledge_accept(pledge=pledge, by=admin)
        if position < FULFILLED:
            note = "学习角已改造完成" if 2 <= position < 7 else "心愿已送到孩子手中"
            actions.wish_fulfil(wish=wish, on=day + datetime.timedelta(days=30), note=note)


def load_needs(
    organisations: list[SocialOrganisation],
    volunteers: list[Volunteer],
    resources: list[CharityResource],
    projects: list[Project],
) -> None:
    """A need recorded on each campaign visit, matched and moved on as the months went by."""
    if Need.objects.exists():
        return
    categories = [c for c in Category.values if c != Category.OTHER]
    visits = list(Visit.objects.select_related("community").order_by("visited_on", "pk"))
    for index, visit in enumerate(visits):
        category = categories[index % len(categories)]
        need = actions.need_add(
            visit=visit,
            category=category,
            urgency=Need.Urgency.HIGH if index % 7 == 0 else Need.Urgency.NORMAL,
            description=f"{Category(category).label}：入户走访时登记",
        )
        stage = index % 16
        if stage < 2:
            continue  # still open
        match: dict[str, Any]
        if category == Category.MATERIAL and stage % 2 == 0:
            match = {"resource": resources[1], "quantity": Decimal("2")}
        elif stage % 4 == 0:
            match = {"project": projects[index % len(projects)]}
        elif stage % 4 == 1:
            match = {"volunteer": volunteers[index % len(volunteers)]}
        else:
            match = {"organisation": organisations[index % len(organisations)]}
        actions.need_match(need=need, **match)
        if stage < 5:
            continue
        if stage == 15:
            actions.need_progress(need=need, status="closed", note="家庭已搬离本社区")
            continue
        actions.need_progress(need=need, status="in_progress", note="已安排服务")
        if stage >= 8:
            actions.need_progress(need=need, status="met", note="需求已满足")


def load_hours(volunteers: list[Volunteer]) -> None:
    """Hours of the campaign's volunteers: most confirmed, one refused, some still to decide."""
    if VolunteerHours.objects.exists():
        return
    admin = get_user_model().objects.filter(username="district_admin").first()
    for index, volunteer in enumerate(volunteers[:40]):
        for k in range(2):
            record = actions.hours_log(
                volunteer=volunteer,
                date=CAMPAIGN_START + datetime.timedelta(days=index * 3 + k),
                hours=Decimal("2.5") if k else Decimal("3"),
                activity="入户陪伴" if k else "心愿送达",
                organisation=volunteer.organisation,
            )
            if index == 7 and k == 1:
                actions.hours_refuse(record=record, by=admin, reason="与另一条记录重复")
            elif index < 30:
                actions.hours_confirm(record=record, by=admin)
