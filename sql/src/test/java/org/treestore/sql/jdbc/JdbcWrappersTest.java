package org.treestore.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-written delegating JDBC classes ({@link TreeStoreStatement},
 * {@link TreeStorePreparedStatement}, {@link TreeStoreResultSet}) against recording fakes, method
 * by method through reflection: every interface method reaches the delegate's method of the same
 * name with the same arguments (a setter delegating to its neighbour would be silent otherwise),
 * hands back what the delegate returned (result sets wrapped, naming the statement), and turns a
 * delegate's runtime exception into an {@code SQLException} carrying its message.
 */
class JdbcWrappersTest {
  /** Methods the wrappers answer themselves rather than forward as they are. */
  private static final Set<String> OWN = Set.of("unwrap", "isWrapperFor", "getConnection", "getStatement",
      "isClosed", "getMetaData", "toString", "hashCode", "equals");

  /** A fake JDBC object: records calls, returns defaults, throws for one method when told to. */
  private static final class Fake implements java.lang.reflect.InvocationHandler {
    final List<Object[]> calls = new ArrayList<>();
    final List<Method> methods = new ArrayList<>();
    Method failing;

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) {
      switch (m.getName()) {
        case "isClosed":
          return false;
        case "getConnection":
          return fake(Connection.class, new Fake());
        case "toString":
          return "fake";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          break;
      }
      calls.add(args == null ? new Object[0] : args);
      methods.add(m);
      if (m.equals(failing)) {
        throw new IllegalStateException("boom in " + m.getName());
      }
      return defaultFor(m.getReturnType());
    }
  }

  private static <T> T fake(Class<T> iface, Fake handler) {
    return iface.cast(Proxy.newProxyInstance(JdbcWrappersTest.class.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  private static Object defaultFor(Class<?> type) {
    if (type == ResultSet.class) {
      return fake(ResultSet.class, new Fake());
    }
    if (type == ResultSetMetaData.class) {
      return fake(ResultSetMetaData.class, new Fake());
    }
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == long.class) {
      return 41L;
    }
    if (type == double.class) {
      return 4.5;
    }
    if (type == float.class) {
      return 2.5f;
    }
    if (type == short.class) {
      return (short) 3;
    }
    if (type == byte.class) {
      return (byte) 2;
    }
    return 40; // int
  }

  /** Distinct, recognizable arguments for a method's parameters. */
  private static Object[] argsFor(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      args[i] = t == int.class ? 11 + i : t == long.class ? 21L + i : t == boolean.class ? Boolean.TRUE
          : t == double.class ? 1.5 + i : t == float.class ? 0.5f + i : t == short.class ? (short) (5 + i)
          : t == byte.class ? (byte) (6 + i) : t == String.class ? "arg" + i
          : t == Object.class ? "object" + i : t == int[].class ? new int[] {1} : t == String[].class
          ? new String[] {"c"} : null;
    }
    return args;
  }

  @Test
  void preparedStatementsForwardEveryMethod() throws Exception {
    check(PreparedStatement.class, fake -> new TreeStorePreparedStatement(fake(PreparedStatement.class, fake),
        fake(Connection.class, new Fake())));
  }

  @Test
  void statementsForwardEveryMethod() throws Exception {
    check(Statement.class, fake -> new TreeStoreStatement(fake(Statement.class, fake), fake(Connection.class, new Fake())));
  }

  @Test
  void resultSetsForwardEveryMethod() throws Exception {
    check(ResultSet.class, fake -> new TreeStoreResultSet(fake(ResultSet.class, fake), null));
  }

  @Test
  void ownAnswers() throws Exception {
    Connection c = fake(Connection.class, new Fake());
    Fake f = new Fake();
    TreeStorePreparedStatement ps = new TreeStorePreparedStatement(fake(PreparedStatement.class, f), c);
    assertSame(c, ps.getConnection());
    assertSame(ps, ps.unwrap(Statement.class));
    assertTrue(ps.isWrapperFor(PreparedStatement.class));
    assertNotNull(ps.getMetaData(), "the delegate's metadata, wrapped");
    ResultSet rs = ps.executeQuery();
    assertInstanceOf(TreeStoreResultSet.class, rs);
    assertSame(ps, rs.getStatement(), "a result set names the statement the application holds");
    assertTrue(ps.toString().startsWith("TreeStore "), ps.toString());
  }

  private interface Maker {
    Object make(Fake fake) throws Exception;
  }

  private static void check(Class<?> iface, Maker maker) throws Exception {
    int checked = 0;
    for (Method m : iface.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || OWN.contains(m.getName())) {
        continue;
      }
      Fake fake = new Fake();
      Object wrapper = maker.make(fake);
      if (wrapper.getClass().getMethod(m.getName(), m.getParameterTypes()).isDefault()) {
        continue; // the interface's own default (updateObject with an SQLType: not supported)
      }
      Object[] args = argsFor(m);
      // forwarded, same arguments, same answer
      Object result = invoke(wrapper, m, args);
      assertEquals(1, fake.calls.size(), m + " reached the delegate " + fake.calls.size() + " times");
      Method reached = fake.methods.get(0);
      assertEquals(m.getName(), reached.getName(), m + " reached " + reached);
      assertArrayEquals(m.getParameterTypes(), reached.getParameterTypes(), m + " reached " + reached);
      assertArrayEquals(args, fake.calls.get(0), m + " passed other arguments");
      Class<?> rt = m.getReturnType();
      if (rt == ResultSet.class) {
        assertInstanceOf(TreeStoreResultSet.class, result, m + " wraps its result set");
      } else if (rt.isPrimitive() && rt != void.class) {
        assertEquals(defaultFor(rt), result, m + " returned another value");
      }
      // a runtime failure in the delegate is an SQLException with its message
      Fake failing = new Fake();
      failing.failing = reached;
      Object wrapper2 = maker.make(failing);
      try {
        invoke(wrapper2, m, args);
        fail(m + " hid the delegate's failure");
      } catch (SQLException e) {
        String all = e.getMessage() + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        assertTrue(all.contains("boom in " + m.getName()), m + ": " + e);
      }
      checked++;
    }
    assertTrue(checked > 40, "only " + checked + " methods of " + iface.getSimpleName() + " checked");
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }
}
