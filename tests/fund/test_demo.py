"""The fund demo: a department call and a Vorm DC call, five applications in different states, safe to run twice."""

from decimal import Decimal as D
from io import StringIO


def test_demo_is_idempotent_and_tells_the_story(db):
    from werkbaar.core import demo as core_demo
    from werkbaar.fund import demo, services
    from werkbaar.fund.models import Application, FundCall, Payment

    core_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    assert FundCall.objects.get(code=demo.VORMDC_CALL).owner_sector.code == "vormdc"
    assert FundCall.objects.get(code=demo.DEPARTMENT_CALL).owner_sector is None
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "approved", "draft", "paid", "submitted", "under_review"]
    vormdc = FundCall.objects.get(code=demo.VORMDC_CALL)
    assert services.committed_eur(vormdc) == D("5600.00")  # 0.8 x 3000 + 0.8 x 4000
    assert list(Payment.objects.values_list("kind", "amount_eur")) == [("balance", D("2800.00"))]  # 0.8 x 3500
