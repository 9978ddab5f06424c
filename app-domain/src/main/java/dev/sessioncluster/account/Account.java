package dev.sessioncluster.account;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;

import dev.sessioncluster.user.CurrentUser;

/**
 * A registered user. The username is unique in its {@link Username#canonical canonical
 * form} ({@code Alice} and {@code alice} are the same account), so that form carries the
 * unique constraint; the email is stored normalized to lower case.
 */
@Entity
@Table(name = "account")
@EntityListeners(AuditingEntityListener.class)
public class Account {

	/** Longest username, in characters. */
	public static final int USERNAME_MAX_LENGTH = 32;

	/** Longest email address (RFC 5321 path limit). */
	public static final int EMAIL_MAX_LENGTH = 254;

	/** Longest display name, in characters. */
	public static final int DISPLAY_NAME_MAX_LENGTH = 60;

	/** Longest bio, in characters. */
	public static final int BIO_MAX_LENGTH = 2000;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Version
	private long version;

	@Column(nullable = false, updatable = false, length = USERNAME_MAX_LENGTH)
	private String username;

	@Column(name = "username_key", nullable = false, updatable = false, unique = true, length = USERNAME_MAX_LENGTH)
	private String usernameKey;

	@Column(nullable = false, unique = true, length = EMAIL_MAX_LENGTH)
	private String email;

	@Column(name = "display_name", nullable = false, length = DISPLAY_NAME_MAX_LENGTH)
	private String displayName;

	@Column(nullable = false, length = BIO_MAX_LENGTH)
	private String bio = "";

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	/**
	 * Moves on whenever the account's sessions must end: a new password, or "end all
	 * other sessions". Sessions carry the value they were signed in under.
	 */
	@Column(name = "credential_version", nullable = false)
	private long credentialVersion;

	@CreatedDate
	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@LastModifiedDate
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@CreatedBy
	@Column(name = "created_by", nullable = false, updatable = false, length = USERNAME_MAX_LENGTH)
	private String createdBy;

	@LastModifiedBy
	@Column(name = "updated_by", nullable = false, length = USERNAME_MAX_LENGTH)
	private String updatedBy;

	protected Account() {
	}

	public Account(String username, String email, String displayName, String passwordHash) {
		this.username = requireText(Username.displayForm(username), "username");
		this.usernameKey = Username.canonical(username);
		this.email = normalizeEmail(email);
		this.displayName = requireText(displayName, "displayName");
		this.passwordHash = requireText(passwordHash, "passwordHash");
	}

	/**
	 * The form in which emails are stored and compared.
	 * @param email an email address as typed
	 * @return the normalized address
	 */
	public static String normalizeEmail(String email) {
		return requireText(email, "email").strip().toLowerCase(Locale.ROOT);
	}

	void updateProfile(String displayName, String email, String bio) {
		this.displayName = requireText(displayName, "displayName");
		this.email = normalizeEmail(email);
		this.bio = (bio != null) ? bio : "";
	}

	void changePasswordHash(String passwordHash) {
		this.passwordHash = requireText(passwordHash, "passwordHash");
		this.credentialVersion++;
	}

	void endSessions() {
		this.credentialVersion++;
	}

	/**
	 * The request-scoped view of this account.
	 * @return id, username and display name
	 */
	public CurrentUser toCurrentUser() {
		return new CurrentUser(this.id, this.username, this.displayName);
	}

	private static String requireText(String value, String name) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
		return value;
	}

	public Long getId() {
		return this.id;
	}

	public long getVersion() {
		return this.version;
	}

	public String getUsername() {
		return this.username;
	}

	public String getEmail() {
		return this.email;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public String getBio() {
		return this.bio;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public long getCredentialVersion() {
		return this.credentialVersion;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public String getUpdatedBy() {
		return this.updatedBy;
	}

	@Override
	public String toString() {
		return "Account[id=" + this.id + ", username=" + this.username + "]";
	}

}
