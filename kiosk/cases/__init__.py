"""Cases (办件): the self-service application at the kiosk and window acceptance (no Qt).

``forms`` (the applicant form and its rules), ``draft`` (one application's state
machine), ``service`` (``CaseDesk``: start, identify, fill, attach, submit, query),
``receipts`` (申报回执 / 受理凭证 on paper), ``evaluation`` (好差评 of a case),
``licences`` (the demo e-licence lookup).
"""

from kiosk.cases.errors import CaseError

__all__ = ["CaseError"]
