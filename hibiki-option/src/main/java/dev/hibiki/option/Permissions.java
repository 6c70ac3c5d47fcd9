package dev.hibiki.option;

/** What a user may do besides reading the schedule list: a master may do everything. */
record Permissions(boolean delivery, boolean view, boolean schedule, boolean user) {

    static final Permissions ALL = new Permissions(true, true, true, true);
    static final Permissions NONE = new Permissions(false, false, false, false);
}
