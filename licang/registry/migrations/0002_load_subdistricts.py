from django.db import migrations

# The eleven subdistricts (街道) of Licang District, Qingdao, with the area they belong to.
SUBDISTRICTS = [
    ("licun", "李村街道", "central"),
    ("hushanlu", "虎山路街道", "central"),
    ("fushanlu", "浮山路街道", "west"),
    ("zhenhualu", "振华路街道", "west"),
    ("yongqinglu", "永清路街道", "west"),
    ("yonganlu", "永安路街道", "west"),
    ("xinghualu", "兴华路街道", "west"),
    ("xiangtanlu", "湘潭路街道", "central"),
    ("loushan", "楼山街道", "west"),
    ("jiushui", "九水街道", "east"),
    ("shiyuan", "世园街道", "east"),
]


def load(apps, schema_editor):
    Subdistrict = apps.get_model("registry", "Subdistrict")
    for order, (code, name, area) in enumerate(SUBDISTRICTS, start=1):
        Subdistrict.objects.update_or_create(
            code=code, defaults={"name": name, "area": area, "sort_order": order}
        )


def unload(apps, schema_editor):
    Subdistrict = apps.get_model("registry", "Subdistrict")
    Subdistrict.objects.filter(code__in=[code for code, _, _ in SUBDISTRICTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_places_households_residents_staff")]

    operations = [migrations.RunPython(load, unload)]
