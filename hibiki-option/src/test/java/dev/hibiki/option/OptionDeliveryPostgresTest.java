package dev.hibiki.option;

/** {@link OptionDeliveryTest} on PostgreSQL. */
class OptionDeliveryPostgresTest extends OptionDeliveryTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
