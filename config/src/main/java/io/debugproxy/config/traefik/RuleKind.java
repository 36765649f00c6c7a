package io.debugproxy.config.traefik;

/** Which router a rule belongs to: HTTP routers and TCP routers know different matchers. */
public enum RuleKind {
    HTTP, TCP
}
