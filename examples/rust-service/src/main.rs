// The service itself is not what shipshape scans; this keeps the example a buildable-looking crate.
fn main() {
    println!("rust-service");
}
