//! The kiosk app's home part (see `guichet::route::Part`): everything lives in the library so
//! tests can mount it.

fn main() {
    guichet::start::<guichet::parts::HomeScreens>();
}
