package r1j.server.protocol;

public record DetokenizeResponse(String prompt) {}
