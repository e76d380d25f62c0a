package org.springframework.boot.hibernate;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.ImplicitJoinTableNameSource;
import org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl;

/**
 * A stand-in for Spring Boot 4's class of this name (the tests do not depend on Spring Boot): its presence on a
 * project's class path is how JpaSchema knows the application runs with Spring Boot's naming. Same rule as Boot's:
 * JPA's implicit names, join tables named after the owning table and the property.
 */
public class SpringImplicitNamingStrategy extends ImplicitNamingStrategyJpaCompliantImpl {
    @Override
    public Identifier determineJoinTableName(ImplicitJoinTableNameSource source) {
        String name = source.getOwningPhysicalTableName() + "_"
                + source.getAssociationOwningAttributePath().getProperty();
        return toIdentifier(name, source.getBuildingContext());
    }
}
