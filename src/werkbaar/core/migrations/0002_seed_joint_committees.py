from django.db import migrations


def seed(apps, schema_editor):
    from werkbaar.core.joint_committees import seed_joint_committees

    seed_joint_committees(apps.get_model("core", "JointCommittee"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
