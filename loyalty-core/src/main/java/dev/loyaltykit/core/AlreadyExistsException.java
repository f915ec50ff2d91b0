package dev.loyaltykit.core;

/**
 * An entity that must be unique exists already: a member id, or an identifier (phone number,
 * card, e-mail, external id) that belongs to another member. Nothing was changed.
 */
public class AlreadyExistsException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String id;

    /**
     * Creates the exception.
     *
     * @param entity the kind of thing, e.g. {@code "member"} or {@code "identifier"}
     * @param id the id (identifiers masked, never a full phone number or e-mail)
     */
    public AlreadyExistsException(String entity, String id) {
        super(entity + " already exists: " + id);
        this.entity = entity;
        this.id = id;
    }

    /**
     * Returns the kind of thing that already exists.
     *
     * @return e.g. {@code "member"}
     */
    public String entity() {
        return entity;
    }

    /**
     * Returns the id that clashed.
     *
     * @return the id, masked where it is personal data
     */
    public String id() {
        return id;
    }
}
