//! Product matching on a loaded catalogue: its products compiled once, on first use, and kept
//! with the catalogue (the matcher itself in `crate::matching`).

use crate::matching::Matcher;
use crate::stations::QueryError;

use super::Catalogue;

self_cell::self_cell!(
    /// A catalogue's products compiled for matching, kept with the catalogue they borrow from.
    pub(crate) struct CompiledProducts {
        owner: std::sync::Arc<crate::catalogue::Inner>,
        #[covariant]
        dependent: Matcher,
    }
    impl {Debug}
);

impl Catalogue {
    /// The catalogue's matcher, compiled on first use and shared by every clone.
    pub(crate) fn compiled_matcher(&self) -> Result<&CompiledProducts, QueryError> {
        self.compiled_products
            .get_or_init(|| {
                CompiledProducts::try_new(self.inner.clone(), |inner| {
                    let products = inner
                        .doc
                        .product_catalogue
                        .as_ref()
                        .ok_or(QueryError::NoProductCatalogue)?;
                    Ok::<_, QueryError>(Matcher::new(
                        products,
                        &products.parameters,
                        &inner.member_units,
                        &inner.doc.version,
                    ))
                })
                .ok()
            })
            .as_ref()
            .ok_or(QueryError::NoProductCatalogue)
    }

    /// The product catalogue compiled for matching many couriers (see [`Matcher`]): build it
    /// once, then [`Matcher::explain`] each courier.
    pub fn matcher(&self) -> Result<Matcher<'_>, QueryError> {
        let products = self.products()?;
        Ok(Matcher::new(
            products,
            &products.parameters,
            &self.inner.member_units,
            &self.inner.doc.version,
        ))
    }
}
