package io.velostream.example.payments;

/** An account that made too many large payments: what the {@code alerts} job hands to {@link AlertWriter}. */
public record Alert(String account, long payments, double total) {
}
