package dev.sessioncluster.web.session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.springframework.dao.DataAccessException;
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

	private final RedisConnectionFactory delegate;

	private final SessionNearCache cache;

	NearCachingConnectionFactory(RedisConnectionFactory delegate, SessionNearCache cache) {
		this.delegate = delegate;
		this.cache = cache;
	}

	@Override
	public RedisConnection getConnection() {
		RedisConnection connection = this.delegate.getConnection();
		return (RedisConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedisConnection.class }, new CachingReads(connection, this.cache));
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

	private record CachingReads(RedisConnection target, SessionNearCache cache) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if (method.getName().equals("hGetAll") && args != null && args.length == 1 && args[0] instanceof byte[] key
					&& !this.target.isPipelined() && !this.target.isQueueing()) {
				return hashOf(key);
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		private Map<byte[], byte[]> hashOf(byte[] key) {
			Map<byte[], byte[]> cached = this.cache.lookup(key);
			if (cached != null) {
				return cached;
			}
			long token = this.cache.beforeRead();
			Map<byte[], byte[]> read = this.target.hashCommands().hGetAll(key);
			this.cache.store(key, read, token);
			return read;
		}

	}

}
