package dev.sessioncluster.submission;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A submission that ran, under its one-time token, with what it produced: the message it
 * answered with and, where it matters to a replay, the account it created or acted on and
 * the credential version it left.
 */
@Entity
@Table(name = "submission")
public class Submission implements Persistable<String> {

	/** Longest token, in characters. */
	public static final int TOKEN_MAX_LENGTH = 64;

	@Id
	@Column(nullable = false, updatable = false, length = TOKEN_MAX_LENGTH)
	private String token;

	@Column(nullable = false, updatable = false, length = 32)
	private String form;

	@Column(length = 64)
	private String outcome;

	@Column(name = "account_id")
	private Long accountId;

	@Column(name = "credential_version")
	private Long credentialVersion;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	/**
	 * A token is assigned, never generated, so Spring Data cannot tell a new row by its
	 * id: without this, {@code save} would merge (select, then insert), and two
	 * concurrent claims could both pass the select.
	 */
	@Transient
	private boolean isNew = true;

	protected Submission() {
	}

	Submission(String token, String form, Instant createdAt) {
		this.token = Objects.requireNonNull(token, "token");
		this.form = Objects.requireNonNull(form, "form");
		this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
	}

	void complete(SubmissionOutcome outcome) {
		this.outcome = outcome.message();
		this.accountId = outcome.accountId();
		this.credentialVersion = outcome.credentialVersion();
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		this.isNew = false;
	}

	@Override
	public String getId() {
		return this.token;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	public String getForm() {
		return this.form;
	}

	/**
	 * What the submission produced.
	 * @return its outcome
	 */
	public SubmissionOutcome outcome() {
		return new SubmissionOutcome(this.outcome, this.accountId, this.credentialVersion);
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	@Override
	public String toString() {
		return "Submission[form=" + this.form + ", outcome=" + this.outcome + "]";
	}

}
