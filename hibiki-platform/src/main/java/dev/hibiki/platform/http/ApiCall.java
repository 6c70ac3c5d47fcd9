package dev.hibiki.platform.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One authenticated API call: who makes it and what it sent. */
public record ApiCall(String tokenId, ObjectNode body) {
}
