package dev.hibiki.option;

/** {@link OptionLoginTest} on PostgreSQL. */
class OptionLoginPostgresTest extends OptionLoginTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
