"""The printable sheet of access codes: one card per code with a QR code (WeasyPrint)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import Campaign
from .services import format_code


def qr_svg(data: str) -> str:
    """An inline SVG QR code (medium error correction, so a creased sheet still scans)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                       image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(data)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf)
    svg = buf.getvalue().decode()
    svg = svg[svg.index("<svg"):].replace(' id="qr-path"', "")  # ids must be unique on the sheet
    return svg


def code_sheet_pdf(campaign: Campaign, codes: list[str], base_url: str) -> bytes:
    """A4 PDF, eight cards per page; each card: QR to ``base_url + code``, the code, short instructions."""
    from weasyprint import HTML

    base_url = base_url if base_url.endswith("/") else base_url + "/"
    cards = [
        {"code": format_code(code), "url": f"{base_url}{code}/", "qr": mark_safe(qr_svg(f"{base_url}{code}/"))}  # noqa: S308
        for code in codes
    ]
    html = render_to_string("scans/code_sheet.html", {"campaign": campaign, "cards": cards, "enter_url": base_url})
    return HTML(string=html).write_pdf()
