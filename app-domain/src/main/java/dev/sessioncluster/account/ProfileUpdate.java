package dev.sessioncluster.account;

/**
 * The editable part of the signed-in user's profile.
 *
 * @param displayName the name shown in pages
 * @param email the contact address, unique
 * @param bio free text, may be empty
 */
public record ProfileUpdate(String displayName, String email, String bio) {

}
