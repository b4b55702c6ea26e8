"""The SQL unit of work: one connection, one transaction, repositories bound to it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from studiobook.adapters.sql.appointments import (
    SqlAppointmentRepository,
    SqlAssignmentRepository,
    SqlBranchRepository,
    SqlCompanyRepository,
    SqlEventTypeRepository,
    SqlStaffRepository,
)
from studiobook.adapters.sql.audit import SqlAuditTrail
from studiobook.adapters.sql.calcom import SqlCalcomLinks
from studiobook.adapters.sql.engine import WRITE_OPTION, port_errors, translate
from studiobook.adapters.sql.members import SqlLeadRepository, SqlMemberRepository
from studiobook.adapters.sql.outbox import SqlOutbox, SqlUpcomingVisits
from studiobook.adapters.sql.public import SqlIdempotencyRecords, SqlManageTokens
from studiobook.adapters.sql.repositories import (
    SqlBookingRepository,
    SqlCourseRepository,
    SqlMembershipLookup,
    SqlWaitlistRepository,
)
from studiobook.adapters.sql.sync_log import SqlSyncLog
from studiobook.adapters.sql.timetables import SqlTimetableRepository


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, for_writing: bool = False) -> None:
        self._engine = engine
        self._for_writing = for_writing
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        try:
            self._connection = self._engine.connect()
            if self._for_writing:
                self._connection.execution_options(**{WRITE_OPTION: True})
            self._transaction = self._connection.begin()
        except Exception as error:
            self._close()
            replacement = translate(error, self._safe_url())
            if replacement is not None:
                raise replacement from error
            raise
        self.connection = self._connection
        self.audit = SqlAuditTrail(self._connection)
        self.courses = SqlCourseRepository(self._connection)
        self.bookings = SqlBookingRepository(self._connection)
        self.waitlist = SqlWaitlistRepository(self._connection)
        self.timetables = SqlTimetableRepository(self._connection)
        self.memberships = SqlMembershipLookup(self._connection)
        self.manage_tokens = SqlManageTokens(self._connection)
        self.idempotency = SqlIdempotencyRecords(self._connection)
        self.members = SqlMemberRepository(self._connection)
        self.leads = SqlLeadRepository(self._connection)
        self.sync_log = SqlSyncLog(self._connection)
        self.companies = SqlCompanyRepository(self._connection)
        self.branches = SqlBranchRepository(self._connection)
        self.staff = SqlStaffRepository(self._connection)
        self.event_types = SqlEventTypeRepository(self._connection)
        self.assignments = SqlAssignmentRepository(self._connection)
        self.appointments = SqlAppointmentRepository(self._connection)
        self.calcom = SqlCalcomLinks(self._connection)
        self.outbox = SqlOutbox(self._connection)
        self.upcoming = SqlUpcomingVisits(self._connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self._close()
        if exc is not None:
            replacement = translate(exc, self._safe_url())
            if replacement is not None:
                raise replacement from exc

    def commit(self) -> None:
        assert self._transaction is not None, "commit() outside the unit of work"
        with port_errors(self._safe_url()):
            self._transaction.commit()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._transaction = None

    def _safe_url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)
