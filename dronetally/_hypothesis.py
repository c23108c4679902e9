"""Hypothesis runs this when it is imported (the "hypothesis" entry point),
so that ``st.from_type(Report)`` is ``reports()``, and ``st.from_type(Ledger)``
and ``st.from_type(Count)`` are ``ledgers()`` and ``counts()``, in any test
once dronetally is installed.  Where the entry point did not run (dronetally
not installed, or ``HYPOTHESIS_NO_PLUGINS`` set), importing
``dronetally.strategies`` registers them.

The strategies are looked up only when a test asks for them: this hook may
run while ``dronetally.strategies`` itself is importing Hypothesis, and must
not import it back.
"""

from typing import Any

#: Whether the strategies are registered (by the entry point, or on import).
registered = False


def _hypothesis_setup_hook() -> None:
    global registered
    from hypothesis import strategies as st

    from dronetally.count import Count
    from dronetally.ledger import Ledger
    from dronetally.report import Report

    def strategy(name: str) -> Any:
        def resolve(_type: type) -> Any:
            from dronetally import strategies as dts

            return getattr(dts, name)()

        return resolve

    st.register_type_strategy(Count, strategy("counts"))
    st.register_type_strategy(Report, strategy("reports"))
    st.register_type_strategy(Ledger, strategy("ledgers"))
    registered = True
