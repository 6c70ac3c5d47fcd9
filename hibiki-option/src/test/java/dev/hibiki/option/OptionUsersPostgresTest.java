package dev.hibiki.option;

/** {@link OptionUsersTest} on PostgreSQL. */
class OptionUsersPostgresTest extends OptionUsersTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
