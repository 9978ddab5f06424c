package dev.sessioncluster.web.session.nearcache;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * The connection factory of Spring Session's Redis template, with {@code HGETALL} (how
 * the repository loads a session) answered from the {@link SessionNearCache} when it can.
 * Every other command, and every write, goes to Redis unchanged; the cache learns about
 * writes from Redis itself, whoever made them.
 */
final class NearCachingConnectionFactory implements RedisConnectionFactory {

	/** Per connection, so per Redis command: looked up once. */
	private static final ClassLoader CLASS_LOADER = NearCachingConnectionFactory.class.getClassLoader();

	private static final Class<?>[] INTERFACES = { RedisConnection.class };

	private final RedisConnectionFactory delegate;

	private final SessionNearCache cache;

	NearCachingConnectionFactory(RedisConnectionFactory delegate, SessionNearCache cache) {
		this.delegate = delegate;
		this.cache = cache;
	}

	/**
	 * A connection that opens the real one only when a command needs Redis: loading a
	 * session that is in the cache takes no connection from the factory at all.
	 */
	@Override
	public RedisConnection getConnection() {
		return (RedisConnection) Proxy.newProxyInstance(CLASS_LOADER, INTERFACES,
				new CachingReads(this.delegate, this.cache));
	}

	@Override
	public boolean getConvertPipelineAndTxResults() {
		return this.delegate.getConvertPipelineAndTxResults();
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		return this.delegate.getClusterConnection();
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		return this.delegate.getSentinelConnection();
	}

	@Override
	public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return this.delegate.translateExceptionIfPossible(ex);
	}

	/**
	 * One connection's calls, by one thread at a time, as Spring Data Redis uses a
	 * connection.
	 */
	private static final class CachingReads implements InvocationHandler {

		private final RedisConnectionFactory factory;

		private final SessionNearCache cache;

		private RedisConnection target;

		private boolean closed;

		CachingReads(RedisConnectionFactory factory, SessionNearCache cache) {
			this.factory = factory;
			this.cache = cache;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			String name = method.getName();
			if (this.closed && method.getDeclaringClass() != Object.class && !name.equals("close")
					&& !name.equals("isClosed")) {
				throw new InvalidDataAccessApiUsageException("The connection is closed");
			}
			switch (name) {
				case "hGetAll" -> {
					if (args != null && args.length == 1 && args[0] instanceof byte[] key && !batching()) {
						return hashOf(key);
					}
				}
				case "isPipelined", "isQueueing" -> {
					if (this.target == null) {
						return false;
					}
				}
				case "isClosed" -> {
					if (this.target == null) {
						return this.closed;
					}
				}
				case "close" -> {
					this.closed = true;
					if (this.target == null) {
						return null;
					}
				}
				case "equals" -> {
					return proxy == args[0];
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				case "toString" -> {
					return "NearCachingConnection[" + this.target + "]";
				}
				default -> {
				}
			}
			try {
				return method.invoke(target(), args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		private boolean batching() {
			return this.target != null && (this.target.isPipelined() || this.target.isQueueing());
		}

		private RedisConnection target() {
			if (this.target == null) {
				this.target = this.factory.getConnection();
			}
			return this.target;
		}

		private Map<byte[], byte[]> hashOf(byte[] key) {
			Map<byte[], byte[]> cached = this.cache.lookup(key);
			if (cached != null) {
				return cached;
			}
			long token = this.cache.beforeRead();
			Map<byte[], byte[]> read = target().hashCommands().hGetAll(key);
			this.cache.store(key, read, token);
			return read;
		}

	}

}
