package dev.hibiki.option;

/** {@link OptionChatTest} on PostgreSQL. */
class OptionChatPostgresTest extends OptionChatTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
