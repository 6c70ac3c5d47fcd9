package dev.hibiki.option;

/** {@link OptionSchedulesTest} on PostgreSQL. */
class OptionSchedulesPostgresTest extends OptionSchedulesTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
