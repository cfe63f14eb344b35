"""`werkbaar settle FILE.yaml [--json]`: the settlement of a covenant file, without the database."""

import json

from django.core.management.base import BaseCommand

from werkbaar.covenants.covenant_file import account_from_data, addenda_from_data, parse_path, terms_from_data
from werkbaar.covenants.final_account import final_account
from werkbaar.covenants.settlement import SettlementError, fte_days_str, money_str, settle


class Command(BaseCommand):
    help = "Compute the settlement of a covenant file without touching the database. Exit status 2 if invalid."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        data, problems = parse_path(options["file"])
        if not problems:
            try:
                result = final_account(settle(terms_from_data(data)), addenda_from_data(data), account_from_data(data))
            except SettlementError as exc:
                problems = [f"max_grant_eur: {exc}"]
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), indent=2))
            return
        self.stdout.write(render_table(data["code"], result))


def render_table(code: str, account) -> str:
    s, out = account.base, account.as_json()
    rows = [
        ("covenant", code),
        ("maximum grant (EUR)", out["max_grant_eur"]),
        ("term days", str(out["term_days"])),
        ("day rate (EUR)", out["day_rate_eur"]),
        ("shortfall (FTE-days)", out["shortfall_fte_days"]),
        ("deduction (EUR)", out["deduction_eur"]),
        ("result share (EUR)", out["result_share_eur"]),
        ("priorities met", f"{out['priorities_met']} / {out['priorities_total']}"),
        ("priorities pending", ", ".join(out["priorities_pending"]) or "-"),
        ("result share paid (EUR)", out["result_share_paid_eur"]),
        *((("effort share (EUR)", out["effort_share_eur"]),
           ("effort commitments", f"{out['efforts_fulfilled']} fulfilled, {out['efforts_partly']} partly / "
                                  f"{out['efforts_total']}"),
           ("effort share paid (EUR)", out["effort_paid_eur"])) if s.effort_share_eur else ()),
        ("payable (EUR)", out["payable_eur"]),
        ("addenda maximum (EUR)", out["addenda_max_eur"]),
        ("addenda payable (EUR)", out["addenda_payable_eur"]),
        ("total payable (EUR)", out["total_payable_eur"]),
        ("eligible costs (EUR)", out["eligible_costs_eur"] or "-"),
        ("advances paid (EUR)", out["advances_paid_eur"]),
        ("final grant (EUR)", out["final_grant_eur"]),
        ("balance (EUR)", out["balance_eur"]),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{label:<{width}}  {value:>14}" for label, value in rows]
    if s.lines:
        lines += ["", f"{'consultant':<30} {'FTE':>5} {'from':>10} {'to':>10} {'unrepl.':>7} {'FTE-days':>11}"]
        for line in s.lines:
            lines.append(
                f"{line.name[:30]:<30} {line.fte!s:>5} {line.start.isoformat() if line.start else '-':>10} "
                f"{line.end.isoformat() if line.end else '-':>10} {line.absence_days_unreplaced:>7} "
                f"{fte_days_str(line.fte_days_deployed):>11}"
            )
    else:
        lines += ["", "no consultants: the whole grant is deducted"]
    if account.addenda:
        lines += ["", f"{'addendum':<30} {'budget':>12} {'result share':>12} {'met':>7} {'payable':>12}"]
        for a in account.addenda:
            lines.append(
                f"{(a.title or a.kind)[:30]:<30} {money_str(a.budget_eur):>12} "
                f"{money_str(a.result_share_eur):>12} {a.commitments_met:>3}/{a.commitments_total:<3} "
                f"{money_str(a.payable_eur):>12}"
            )
        for a in account.addenda:  # an addendum with FTE: its day-rate deduction and its own consultants
            if a.fte:
                lines += ["", f"{(a.title or a.kind)[:40]}: {a.fte} FTE, shortfall {fte_days_str(a.shortfall_fte_days)} "
                              f"FTE-days, deduction {money_str(a.deduction_eur)}"]
                lines += [f"  {line.name[:28]:<28} {line.fte!s:>5} {fte_days_str(line.fte_days_deployed):>11}"
                          for line in a.lines]
    return "\n".join(lines)
