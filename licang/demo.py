"""Demo partners: one organisation of each kind (the hospital and the insurer keep an e-mail
address, and are told of decisions on their claims and cases there)."""

from typing import TextIO

from licang.actions import partner_save
from licang.models import Partner

PARTNERS = [
    ("青岛市第八人民医院", Partner.Kind.HOSPITAL, "王医生", "13805321001"),
    ("中国人寿财产保险青岛市分公司", Partner.Kind.INSURER, "李经理", "13805321002"),
    ("李沧区幸福食堂餐饮管理有限公司", Partner.Kind.CATERER, "赵经理", "13805321003"),
    ("李村街道社区卫生服务中心", Partner.Kind.HEALTH_INSTITUTION, "孙主任", "13805321004"),
    ("李沧区益邻社会工作服务中心", Partner.Kind.SOCIAL_ORGANISATION, "周社工", "13805321005"),
    (
        "青岛李沧不动产登记代理服务有限公司",
        Partner.Kind.REGISTRATION_AGENT,
        "吴经理",
        "13805321006",
    ),
]
EMAILS = {
    "青岛市第八人民医院": "yibao@hospital.example",
    "中国人寿财产保险青岛市分公司": "claims@insurer.example",
}


def load(out: TextIO) -> None:
    for name, kind, contact, phone in PARTNERS:
        if not Partner.objects.filter(name=name).exists():
            partner_save(
                partner=Partner(
                    name=name,
                    kind=kind,
                    contact_name=contact,
                    contact_phone=phone,
                    contact_email=EMAILS.get(name, ""),
                )
            )
    out.write(f"  {Partner.objects.count()} partners")
