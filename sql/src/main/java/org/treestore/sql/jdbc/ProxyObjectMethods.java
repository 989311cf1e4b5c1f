package org.treestore.sql.jdbc;

import java.lang.reflect.Method;

/**
 * What a TreeStore JDBC proxy answers for the {@code Object} methods a dynamic proxy forwards
 * ({@code equals}, {@code hashCode}, {@code toString}): identity, as the JDBC objects behind them
 * have, and a description.
 */
final class ProxyObjectMethods {
  private ProxyObjectMethods() {}

  /** Whether {@code method} is one of {@code Object}'s (answer it with {@link #answer}). */
  static boolean handles(Method method) {
    return method.getDeclaringClass() == Object.class;
  }

  static Object answer(Object proxy, Method method, Object[] args, String description) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> description;
    };
  }
}
